/**
 * CSV files arrive as UTF-8 (with or without BOM) or as GB18030/GBK, which is
 * what Excel on a Chinese Windows writes. The encoding is decided from the
 * first bytes and the whole stream decoded with it.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

const SNIFF_BYTES = 256 * 1024;

/** Decides the encoding of a file from its first bytes; `complete` when they are the whole file. */
export function detectEncoding(head: Uint8Array, complete = true): { encoding: TextEncodingName; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // Decided on the evidence of the whole sample: a UTF-8 file with one stray byte (a Windows-1252 é,
  // a file cut mid-character) is still UTF-8, with one row that cannot be decoded; GB18030 read as
  // UTF-8 fails on nearly every character (only ~13% of GBK pairs happen to be valid UTF-8).
  const text = new TextDecoder('utf-8').decode(head, { stream: !complete });
  let bad = 0;
  let good = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') bad++;
    else if (ch.charCodeAt(0) >= 0x80) good++;
  }
  return { encoding: bad === 0 || bad / (bad + good) < 0.2 ? 'utf-8' : 'gb18030', bomLength: 0 };
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/**
 * A transform from bytes in any of the accepted encodings to text. ASCII is
 * the same in UTF-8 and GB18030, so it passes straight through; the decision
 * is made on the first 256 KB from the first non-ASCII byte on, so a file
 * whose Chinese text starts late is still read right.
 */
export class DecodingStream extends Transform {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private bomChecked = false;
  private sniffing = false;
  private decoder: TextDecoder | undefined;
  encoding: TextEncodingName | undefined;

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true });
  }

  private decide(complete: boolean): void {
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingLength = 0;
    const { encoding } = detectEncoding(head, complete);
    this.useDecoder(encoding);
    this.push(this.decoder!.decode(head, { stream: true }), 'utf8');
  }

  private useDecoder(encoding: TextEncodingName): void {
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.decoder) {
      this.push(this.decoder.decode(chunk, { stream: true }), 'utf8');
      return callback();
    }
    if (!this.bomChecked) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength < 3) return callback();
      this.checkBom();
      if (this.decoder) return callback();
      chunk = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingLength = 0;
    }
    this.accept(chunk);
    callback();
  }

  /** A BOM names the encoding outright; whatever follows it is decoded with it. */
  private checkBom(): void {
    this.bomChecked = true;
    const head = Buffer.concat(this.pending);
    const { encoding, bomLength } = detectEncoding(head.subarray(0, 3), false);
    if (bomLength === 0) return;
    this.pending = [];
    this.pendingLength = 0;
    this.useDecoder(encoding);
    this.push(this.decoder!.decode(head.subarray(bomLength), { stream: true }), 'utf8');
  }

  private accept(chunk: Buffer): void {
    if (!this.sniffing) {
      const at = firstNonAscii(chunk);
      if (at < 0) {
        this.push(chunk.toString('latin1'), 'utf8');
        return;
      }
      if (at > 0) this.push(chunk.subarray(0, at).toString('latin1'), 'utf8');
      this.sniffing = true;
      chunk = chunk.subarray(at);
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength >= SNIFF_BYTES) this.decide(false);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.bomChecked && this.pendingLength > 0) {
      this.checkBom();
      if (!this.decoder) {
        const rest = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingLength = 0;
        this.accept(rest);
      }
    }
    if (!this.decoder) {
      if (this.pendingLength > 0) this.decide(true);
      else {
        this.encoding ??= 'utf-8';
        return callback();
      }
    }
    this.push(this.decoder!.decode(), 'utf8');
    callback();
  }
}
