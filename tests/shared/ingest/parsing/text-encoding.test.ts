import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DecodingStream, detectEncoding } from '../../../../shared/ingest/parsing/text-encoding';

/** A whole file decoded the way the stream decodes it. */
function decodeBuffer(bytes: Uint8Array): { text: string } {
  const { encoding, bomLength } = detectEncoding(bytes);
  return { text: new TextDecoder(encoding).decode(bytes.subarray(bomLength)) };
}

async function decodeStream(chunks: Buffer[]): Promise<string> {
  let text = '';
  for await (const piece of Readable.from(chunks).pipe(new DecodingStream())) text += String(piece);
  return text;
}

describe('text encoding', () => {
  it('keeps a UTF-8 file that literally holds U+FFFD as UTF-8, not GB18030 mojibake', async () => {
    const text = '企业名称,备注\r\n数云科技,\uFFFD\uFFFD\uFFFD\r\n';
    expect(detectEncoding(Buffer.from(text, 'utf8')).encoding).toBe('utf-8');
    expect(await decodeStream([Buffer.from(text, 'utf8')])).toBe(text);
  });

  const chinese = '统一社会信用代码,企业名称\r\n91140105MA0GRJ0R1X,山西数云科技有限公司\r\n';

  it('detects UTF-8 with and without BOM', () => {
    expect(detectEncoding(Buffer.from(chinese, 'utf8'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expect(detectEncoding(Buffer.from('\uFEFF' + chinese, 'utf8'))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(decodeBuffer(Buffer.from('\uFEFF' + chinese, 'utf8')).text).toBe(chinese);
  });

  it('detects GB18030 (what Excel on a Chinese Windows writes) and decodes it', () => {
    const bytes = iconv.encode(chinese, 'gb18030');
    expect(detectEncoding(bytes).encoding).toBe('gb18030');
    expect(decodeBuffer(bytes).text).toBe(chinese);
  });

  it('decodes a stream whose multi-byte characters are split across chunks', async () => {
    const utf8 = Buffer.from(chinese, 'utf8');
    expect(await decodeStream([utf8.subarray(0, 5), utf8.subarray(5, 6), utf8.subarray(6)])).toBe(chinese);
    const gb = iconv.encode(chinese.repeat(3), 'gb18030');
    expect(await decodeStream([gb.subarray(0, 3), gb.subarray(3, 40), gb.subarray(40)])).toBe(chinese.repeat(3));
  });

  it('reads a GB18030 file whose first Chinese character comes after a long ASCII stretch', async () => {
    const ascii = 'uscc,name,year\r\n' + '91140105MA0GRJ0R1X,Alpha,2021\r\n'.repeat(20_000);
    const bytes = iconv.encode(ascii + '91140105MA0GRJ0R1X,山西数云科技有限公司,2021\r\n', 'gb18030');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
    const text = await decodeStream(chunks);
    expect(text.endsWith('山西数云科技有限公司,2021\r\n')).toBe(true);
    expect(text.length).toBe(ascii.length + '91140105MA0GRJ0R1X,山西数云科技有限公司,2021\r\n'.length);
  });

  it('handles a BOM split across chunks and tiny files', async () => {
    const bom = Buffer.from('\uFEFF统一,x\n', 'utf8');
    expect(await decodeStream([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)])).toBe('统一,x\n');
    expect(await decodeStream([Buffer.from('a')])).toBe('a');
    expect(await decodeStream([])).toBe('');
  });

  it('decides on a large file from its head and decodes the rest the same way', async () => {
    const big = iconv.encode(chinese.repeat(20_000), 'gb18030');
    const chunks: Buffer[] = [];
    for (let i = 0; i < big.length; i += 65_536) chunks.push(big.subarray(i, i + 65_536));
    const text = await decodeStream(chunks);
    expect(text.length).toBe(chinese.length * 20_000);
    expect(text.endsWith(chinese)).toBe(true);
  });
});
