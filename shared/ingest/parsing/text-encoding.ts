/**
 * CSV files arrive as UTF-8 (with or without BOM) or as GB18030/GBK, which is
 * what Excel on a Chinese Windows writes; "Unicode text" saves arrive as
 * UTF-16. The encoding is decided from the first bytes and the whole stream
 * decoded with it. UTF-32 (any byte order) and files with NUL bytes that fit
 * no UTF-16 pattern are refused whole, never read as mojibake.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { bilingual } from '../../domain/bilingual';
import { UnreadableFileError } from '../ingest-errors';

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

const SNIFF_BYTES = 256 * 1024;
/** Bytes looked at for a byte-order mark and for the NUL pattern of UTF-16/32. */
const HEAD_BYTES = 4096;

function refused(what: string, whatEn: string): UnreadableFileError {
  return new UnreadableFileError(
    bilingual(
      `CSV 文件的编码是 ${what}，无法按原样读取；请在 Excel 或 WPS 中另存为「CSV UTF-8（逗号分隔）」后重新上传`,
      `the CSV file is encoded as ${whatEn}, which cannot be read as it is; save it as "CSV UTF-8 (comma delimited)" in Excel or WPS and upload it again`,
    ),
  );
}

/** A byte-order mark, longest first (the UTF-32LE mark begins with the UTF-16LE one). */
function byteOrderMark(head: Uint8Array): { encoding: TextEncodingName | 'utf-32'; bomLength: number } | undefined {
  const [a, b, c, d] = head;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'utf-32', bomLength: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'utf-32', bomLength: 4 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return undefined;
}

/**
 * A text CSV in UTF-8 or GB18030 has no NUL byte; UTF-16 and UTF-32 have one
 * in nearly every ASCII character (commas, digits, line ends), at a fixed
 * place in each 2- or 4-byte unit. Undefined when the head has no NUL.
 */
function wideEncoding(head: Uint8Array): TextEncodingName | 'utf-32' | 'binary' | undefined {
  const zeros = [0, 0, 0, 0];
  let total = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) {
      zeros[i & 3]!++;
      total++;
    }
  }
  if (total === 0) return undefined;
  const units = Math.floor(head.length / 4) || 1;
  // UTF-32: every character below U+10000 has two NUL bytes at the same end of its 4-byte unit (LE: bytes 2 and 3).
  const nearlyAll = units * 0.9;
  if ((zeros[2]! >= nearlyAll && zeros[3]! >= nearlyAll) || (zeros[0]! >= nearlyAll && zeros[1]! >= nearlyAll)) return 'utf-32';
  const odd = zeros[1]! + zeros[3]!;
  const even = zeros[0]! + zeros[2]!;
  if (odd >= total * 0.9) return 'utf-16le';
  if (even >= total * 0.9) return 'utf-16be';
  return 'binary';
}

/** Literal U+FFFD characters in UTF-8 bytes (EF BF BD): a file may hold them, and they are no decoding failure. */
function literalReplacementChars(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0xef); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) {
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
  }
  return n;
}

/**
 * Decides the encoding of a file from its first bytes; `complete` when they
 * are the whole file. Throws the file's refusal for UTF-32 and binary data.
 */
export function detectEncoding(head: Uint8Array, complete = true): { encoding: TextEncodingName; bomLength: number } {
  const bom = byteOrderMark(head);
  if (bom?.encoding === 'utf-32') throw refused('UTF-32', 'UTF-32');
  if (bom) return bom as { encoding: TextEncodingName; bomLength: number };
  const wide = wideEncoding(head.subarray(0, HEAD_BYTES));
  if (wide === 'utf-32') throw refused('UTF-32', 'UTF-32');
  if (wide === 'binary') {
    throw new UnreadableFileError(
      bilingual(
        'CSV 文件中含有空字符（NUL），不是文本文件；请在 Excel 或 WPS 中另存为「CSV UTF-8（逗号分隔）」后重新上传',
        'the CSV file contains NUL bytes, so it is not a text file; save it as "CSV UTF-8 (comma delimited)" in Excel or WPS and upload it again',
      ),
    );
  }
  if (wide) return { encoding: wide, bomLength: 0 };
  return { encoding: narrowEncoding(head, complete), bomLength: 0 };
}

/** UTF-8 or GB18030, for bytes with no byte-order mark and no NUL pattern. */
function narrowEncoding(head: Uint8Array, complete: boolean): TextEncodingName {
  // Decided on the evidence of the whole sample: a UTF-8 file with one stray byte (a Windows-1252 é,
  // a file cut mid-character) is still UTF-8, with one row that cannot be decoded; GB18030 read as
  // UTF-8 fails on nearly every character (only ~13% of GBK pairs happen to be valid UTF-8).
  // A U+FFFD the file itself holds is valid UTF-8, not evidence against it.
  const text = new TextDecoder('utf-8').decode(head, { stream: !complete });
  let bad = -literalReplacementChars(head);
  let good = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') bad++;
    else if (ch.charCodeAt(0) >= 0x80) good++;
  }
  return bad <= 0 || bad / (bad + good) < 0.2 ? 'utf-8' : 'gb18030';
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/**
 * A transform from bytes in any of the accepted encodings to text. The first
 * 4 KB decide a byte-order mark or a UTF-16 file; otherwise ASCII is the same
 * in UTF-8 and GB18030, so it passes straight through, and the decision is
 * made on the first 256 KB from the first non-ASCII byte on, so a file whose
 * Chinese text starts late is still read right.
 */
export class DecodingStream extends Transform {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private headChecked = false;
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
    this.useDecoder(narrowEncoding(head, complete));
    this.push(this.decoder!.decode(head, { stream: true }), 'utf8');
  }

  private useDecoder(encoding: TextEncodingName): void {
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.decoder) {
        this.push(this.decoder.decode(chunk, { stream: true }), 'utf8');
        return callback();
      }
      if (!this.headChecked) {
        this.pending.push(chunk);
        this.pendingLength += chunk.length;
        if (this.pendingLength < HEAD_BYTES) return callback();
        this.checkHead();
        return callback();
      }
      this.accept(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  /** A BOM or a UTF-16 pattern names the encoding outright; otherwise the bytes go on to the UTF-8/GB18030 sniff. */
  private checkHead(): void {
    this.headChecked = true;
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingLength = 0;
    const bom = byteOrderMark(head);
    const wide = bom ? undefined : wideEncoding(head);
    if (bom || wide) {
      const { encoding, bomLength } = detectEncoding(head, false);
      this.useDecoder(encoding);
      this.push(this.decoder!.decode(head.subarray(bomLength), { stream: true }), 'utf8');
      return;
    }
    this.accept(head);
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
    try {
      if (!this.headChecked) this.checkHead();
      if (!this.decoder) {
        if (this.pendingLength > 0) this.decide(true);
        else {
          this.encoding ??= 'utf-8';
          return callback();
        }
      }
      this.push(this.decoder!.decode(), 'utf8');
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }
}
