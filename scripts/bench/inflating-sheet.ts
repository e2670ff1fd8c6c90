/**
 * A hostile workbook: a few megabytes that inflate to one sheet of millions
 * of the same invalid row, every row numbered r="2" (four errors each), as an
 * uploader could drop to exhaust the ingest. Written as a stream (the sheet
 * part deflated on the fly, sizes in a data descriptor), so the bench can
 * make the 1.9 GB sheet without holding it. `npx tsx
 * scripts/bench/inflating-sheet.ts ROWS FILE` writes one.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEADER_ROW =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>uscc</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c><c r="C1" t="inlineStr"><is><t>year</t></is></c><c r="D1" t="inlineStr"><is><t>sector</t></is></c><c r="E1" t="inlineStr"><is><t>high_tech</t></is></c></row>';
/** A bad credit code, a year that is none, a sector that is none, a boolean that is none: four errors. */
export const BAD_ROW =
  '<row r="2"><c r="A2" t="inlineStr"><is><t>NOT-A-CODE</t></is></c><c r="B2" t="inlineStr"><is><t>坏行企业</t></is></c><c r="C2" t="inlineStr"><is><t>某年</t></is></c><c r="D2" t="inlineStr"><is><t>no_such_sector</t></is></c><c r="E2" t="inlineStr"><is><t>maybe</t></is></c></row>';

const PARTS: [string, string][] = [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ],
  [
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  [
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="企业" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ],
  [
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  ],
];

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
  /** Written with a data descriptor (its sizes after the data). */
  streamed: boolean;
}

/** A zip file written as a stream: entries in turn, then the central directory. */
class ZipStream {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private readonly out;

  constructor(path: string) {
    this.out = createWriteStream(path);
  }

  async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  private header(name: Buffer, flags: number, entry?: Entry): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(8, 8); // deflate
    if (entry) {
      h.writeUInt32LE(entry.crc, 14);
      h.writeUInt32LE(entry.compressed, 18);
      h.writeUInt32LE(entry.size, 22);
    }
    h.writeUInt16LE(name.length, 26);
    return Buffer.concat([h, name]);
  }

  async small(fileName: string, text: string): Promise<void> {
    const name = Buffer.from(fileName);
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const entry = { name, offset: this.offset, crc: crc32(data), compressed: packed.length, size: data.length, streamed: false };
    await this.write(Buffer.concat([this.header(name, 0, entry), packed]));
    this.entries.push(entry);
  }

  /** An entry deflated as `fill` feeds it, its CRC and sizes known only at the end (general purpose bit 3). */
  async streamed(fileName: string, fill: (feed: (text: string) => Promise<void>) => Promise<void>): Promise<Entry> {
    const name = Buffer.from(fileName);
    const entry: Entry = { name, offset: this.offset, crc: 0, compressed: 0, size: 0, streamed: true };
    await this.write(this.header(name, 0x0008));
    const deflate = createDeflateRaw({ level: 9 });
    const drained = (async () => {
      for await (const chunk of deflate) {
        entry.compressed += (chunk as Buffer).length;
        await this.write(chunk as Buffer);
      }
    })();
    await fill(async (text) => {
      const data = Buffer.from(text);
      entry.crc = crc32(data, entry.crc);
      entry.size += data.length;
      if (!deflate.write(data)) await once(deflate, 'drain');
    });
    deflate.end();
    await drained;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    await this.write(descriptor);
    this.entries.push(entry);
    return entry;
  }

  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(e.streamed ? 0x0008 : 0, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([c, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Writes the workbook to `path`: the sheet holds the header and `rows` copies of BAD_ROW. */
export async function writeInflatingSheet(path: string, rows: number, onProgress?: (written: number) => void): Promise<{ inflatedBytes: number }> {
  const zip = new ZipStream(path);
  for (const [name, text] of PARTS) await zip.small(name, text);
  const sheet = await zip.streamed('xl/worksheets/sheet1.xml', async (feed) => {
    await feed(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${HEADER_ROW}`);
    const block = BAD_ROW.repeat(1_000);
    for (let written = 0; written < rows; written += 1_000) {
      await feed(rows - written >= 1_000 ? block : BAD_ROW.repeat(rows - written));
      if (written % 500_000 === 0) onProgress?.(written);
    }
    await feed('</sheetData></worksheet>');
  });
  await zip.close();
  return { inflatedBytes: sheet.size };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [rows, path] = [Number(process.argv[2] ?? 9_000_000), process.argv[3] ?? 'inflating.xlsx'];
  const { inflatedBytes } = await writeInflatingSheet(path, rows, (n) => console.error(`inflating-sheet: ${n.toLocaleString('en-US')} rows…`));
  console.log(`wrote ${path}: ${rows.toLocaleString('en-US')} rows, inflating to ${(inflatedBytes / 2 ** 30).toFixed(2)} GB`);
}
