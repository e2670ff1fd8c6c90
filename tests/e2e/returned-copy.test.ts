/**
 * A returned checked workbook replaces its source whole (contract 11, v4),
 * through the ingest on the local servers: the workbook names its source in a
 * document property that survives being saved again; the copy's missing rows
 * are withdrawn (what they had replaced is in force again) and named on its
 * status; a copy under any name is read; a unit's forged mark reaches no one
 * else's records.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceMark, sourceOfMark } from '../../shared/ingest/returned-copy';
import { xlsxBytes } from '../../scripts/samples/sample-files';
import { enterpriseNamesInForce, freshPorts, ingestingUploader } from '../support/local-servers';
import { ENTERPRISE_HEADER, uscc } from '../support/submission-files';

type Ports = Awaited<ReturnType<typeof freshPorts>>;
let ports: Ports;
let upload: ReturnType<typeof ingestingUploader>;

/** The checked workbook, as a person edits and saves it in Excel: a cell fixed, a row deleted. */
async function edited(checked: Buffer, edit: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(checked as unknown as Parameters<typeof wb.xlsx.load>[0]);
  edit(wb.worksheets.find((w) => w.name === '企业')!);
  return Buffer.from(new Uint8Array(await wb.xlsx.writeBuffer()));
}

beforeAll(async () => {
  ports = await freshPorts();
  upload = ingestingUploader(ports);
});

describe('a returned checked workbook', () => {
  it('names the upload it was made for in a property that survives another save', () => {
    const mark = sourceMark({ key: 'submissions/enterprises/2021.xlsx', order: '0001#AB' });
    expect(sourceOfMark(`${mark}, 统计`)).toEqual({ key: 'submissions/enterprises/2021.xlsx', order: '0001#AB' });
    // As LibreOffice writes the keywords back when it saves the workbook (the colon a space).
    expect(sourceOfMark(mark.replace(':', ' '))).toEqual({ key: 'submissions/enterprises/2021.xlsx', order: '0001#AB' });
    expect(sourceOfMark('torchline-source:not-base64-json')).toBeUndefined();
  });

  it('replaces its source whole: a row deleted from the copy is withdrawn and named, and what it replaced counts again', async () => {
    await upload(
      'submissions/enterprises/2021-old.xlsx',
      await xlsxBytes([{ name: '企业', headers: ENTERPRISE_HEADER, rows: [[uscc(3), '丙公司（旧）', 2021, 'other', 'no', 'no']] }]),
    );
    const rows = [
      [uscc(1), '甲公司', 2021, 'other', 'yes', 'no'],
      [uscc(2), '乙公司', 2021, '不存在', 'no', 'no'],
      [uscc(3), '丙公司', 2021, 'other', 'no', 'no'],
    ];
    const first = await upload('submissions/enterprises/2021.xlsx', await xlsxBytes([{ name: '企业', headers: ENTERPRISE_HEADER, rows }]));
    expect(await enterpriseNamesInForce(ports, 2021)).toEqual(['丙公司', '甲公司']);
    // Fixes 乙's sector and deletes 丙's row; sends it back under the name it came with.
    const copy = await edited(first.checkedWorkbook!, (sheet) => {
      sheet.getCell('D3').value = 'new_materials';
      sheet.spliceRows(4, 1);
    });
    const back = await upload('submissions/enterprises/2021.xlsx.checked.xlsx', copy);
    expect(back.withdrawn).toEqual(['丙公司']);
    expect(back.statuses[0]!.warnings).toContain('已删除 1 行：丙公司 / 1 row(s) withdrawn: 丙公司');
    // 丙's earlier record (from the older upload) is in force again; 乙 fixed.
    expect(await enterpriseNamesInForce(ports, 2021)).toEqual(['丙公司（旧）', '乙公司', '甲公司']);
  });

  it("reaches no other unit's records through a forged mark", async () => {
    const a = uscc(11);
    const b = uscc(12);
    const bForm = await xlsxBytes([
      {
        name: '企业',
        headers: ENTERPRISE_HEADER,
        rows: [
          [b, '乙单位', 2021, '坏', 'no', 'no'],
          [b, '乙单位', 2021, 'other', 'no', 'no'],
        ],
      },
    ]);
    const bUpload = await upload(`submitters/${b}/own.xlsx`, bForm, { kind: 'submitter', org: b });
    expect(bUpload.checkedWorkbook).toBeDefined();
    // A writes a workbook of its own marked as B's upload's copy.
    const forged = new ExcelJS.Workbook();
    forged.keywords = sourceMark({ key: `submitters/${b}/own.xlsx`, order: bUpload.statuses[0]!.order });
    const sheet = forged.addWorksheet('企业');
    sheet.addRow(ENTERPRISE_HEADER);
    sheet.addRow([a, '甲单位', 2021, 'other', 'no', 'no']);
    const out = await upload(`submitters/${a}/copy.xlsx`, Buffer.from(new Uint8Array(await forged.xlsx.writeBuffer())), { kind: 'submitter', org: a });
    expect(out.withdrawn).toBeUndefined();
    expect(await enterpriseNamesInForce(ports, 2021)).toContain('乙单位');
  });
});
