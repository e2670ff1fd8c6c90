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
  try {
    // stream:true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}

export function decodeBuffer(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const { encoding, bomLength } = detectEncoding(bytes);
  return { text: new TextDecoder(encoding).decode(bytes.subarray(bomLength)), encoding };
}

/** A transform from bytes in any of the accepted encodings to UTF-8 text chunks. */
export class DecodingStream extends Transform {
  private head: Buffer[] = [];
  private headLength = 0;
  private decoder: TextDecoder | undefined;
  encoding: TextEncodingName | undefined;

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true });
  }

  private start(complete: boolean): void {
    const head = Buffer.concat(this.head);
    const { encoding, bomLength } = detectEncoding(head, complete);
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding);
    this.head = [];
    this.push(this.decoder.decode(head.subarray(bomLength), { stream: true }), 'utf8');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.decoder) {
      this.push(this.decoder.decode(chunk, { stream: true }), 'utf8');
    } else {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength >= SNIFF_BYTES) this.start(false);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.decoder) this.start(true);
    this.push(this.decoder!.decode(), 'utf8');
    callback();
  }
}
