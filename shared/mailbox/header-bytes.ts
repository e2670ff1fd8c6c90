/**
 * Names written as raw 8-bit bytes in a header (older Outlook and Foxmail
 * on Chinese Windows write an attachment's name so, in GB18030, with no RFC
 * 2047 or 2231 encoding): read as UTF-8 when they are valid UTF-8, else as
 * GB18030. Every line of a header block (the message's, and each MIME
 * part's) is so decoded before the message is parsed; bodies are left as
 * they are. One pass over the bytes, linear in them.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GB18030 = new TextDecoder('gb18030');

/** Header bytes as text: UTF-8 when they are that, else GB18030 (which maps every byte sequence to something). */
export function decodeHeaderBytes(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return GB18030.decode(bytes);
  }
}

const hasHighByte = (line: Buffer) => line.some((b) => b >= 0x80);

/** The message with every raw non-UTF-8 header line turned into UTF-8; the same bytes when it has none. */
export function utf8Headers(raw: Buffer): Buffer {
  const out: Buffer[] = [];
  let inHeaders = true;
  let changed = false;
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf(0x0a, start);
    end = end < 0 ? raw.length : end + 1;
    const line = raw.subarray(start, end);
    const content = line.toString('latin1').replace(/\r?\n$/, '');
    if (inHeaders && content === '') inHeaders = false;
    // A part's boundary line opens that part's header block (multipart bodies are read the same way at every depth).
    else if (!inHeaders && content.startsWith('--') && !content.endsWith('--')) inHeaders = true;
    if (inHeaders && hasHighByte(line)) {
      const text = decodeHeaderBytes(line);
      const again = Buffer.from(text, 'utf8');
      if (!again.equals(line)) changed = true;
      out.push(again);
    } else out.push(line);
    start = end;
  }
  return changed ? Buffer.concat(out) : raw;
}
