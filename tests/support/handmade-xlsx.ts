/**
 * Workbook packages written part by part, the way programs other than Excel
 * write them (openpyxl, WPS, .NET and Go libraries): the XML is given as the
 * writer emits it, and the zip is stored byte for byte, so a test can also
 * build what no zip library will, such as two entries of the same name.
 */
import { crc32 } from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A stored (uncompressed) zip of the given entries, in order; names may repeat. */
export function storedZip(entries: readonly (readonly [string, string | Buffer])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export interface HandmadeWorkbook {
  /** The worksheet's `<sheetData>` content. */
  sheetData: string;
  /** `<si>` elements of the shared-strings table. */
  sharedStrings?: string[];
  /** `<numFmt>` and `<xf>` elements: custom formats, and cellXfs in order (style 0 first). */
  numFmts?: string[];
  cellXfs?: string[];
  /** Content after `</sheetData>` in the worksheet (merged cells, comments). */
  afterSheetData?: string;
  /** Sheet names (default one sheet, 企业); every sheet gets the same sheetData. */
  sheetNames?: string[];
  /** Extra content inside `<workbook>` before `<sheets>` (workbookPr, extension lists). */
  workbookHead?: string;
  /** Leave the workbook's relationships part out. */
  withoutWorkbookRels?: boolean;
  /** Entries added after the package's own (a second part of the same name, say). */
  extraEntries?: [string, string][];
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An inline-string cell, as openpyxl writes text. */
export function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
}

export function handmadeXlsx(book: HandmadeWorkbook): Buffer {
  const names = book.sheetNames ?? ['企业'];
  const entries: [string, string][] = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${book.workbookHead ?? ''}<sheets>${names
        .map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rS${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ],
  ];
  if (!book.withoutWorkbookRels) {
    entries.push([
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
        .map((_, i) => `<Relationship Id="rS${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
        .join(
          '',
        )}<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ]);
  }
  const strings = book.sharedStrings ?? [];
  entries.push([
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.join('')}</sst>`,
  ]);
  const xfs = book.cellXfs ?? ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'];
  const fmts = book.numFmts ?? [];
  entries.push([
    'xl/styles.xml',
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}">${fmts.length ? `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` : ''}<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`,
  ]);
  names.forEach((_, i) =>
    entries.push([
      `xl/worksheets/sheet${i + 1}.xml`,
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${book.sheetData}</sheetData>${book.afterSheetData ?? ''}</worksheet>`,
    ]),
  );
  entries.push(...(book.extraEntries ?? []));
  return storedZip(entries);
}
