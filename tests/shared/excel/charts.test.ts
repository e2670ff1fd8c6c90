import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportWorkbookBuffer, SHEET_NAMES } from '../../../shared/report/report-workbook';
import { sheetRange } from '../../../shared/excel/charts';
import { escapeMarkup } from '../../../shared/excel/markup-text';
import { loadWorkbook } from '../../support/submission-files';
import { reportInput } from '../../support/report-fixtures';

let zip: JSZip;
let bytes: Buffer;
const input = reportInput();

beforeAll(async () => {
  bytes = await reportWorkbookBuffer(input);
  zip = await JSZip.loadAsync(bytes);
});

const text = (name: string) => zip.file(name)!.async('string');

describe('report charts (DrawingML)', () => {
  it('adds chart and drawing parts with their content types', async () => {
    const parts = Object.keys(zip.files);
    expect(parts).toEqual(
      expect.arrayContaining([
        'xl/charts/chart1.xml',
        'xl/charts/chart2.xml',
        'xl/charts/chart3.xml',
        'xl/drawings/drawing1.xml',
        'xl/drawings/_rels/drawing1.xml.rels',
      ]),
    );
    const types = await text('[Content_Types].xml');
    expect(types).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(types).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');
  });

  it('anchors the drawing on the charts sheet through its relationships', async () => {
    const workbook = await text('xl/workbook.xml');
    const rid = new RegExp(`<sheet [^>]*name="${SHEET_NAMES.charts}"[^>]*r:id="([^"]+)"`).exec(workbook)![1];
    const rels = await text('xl/_rels/workbook.xml.rels');
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
    const sheetPath = `xl/${target!.replace(/^\/?xl\//, '')}`;
    const sheet = await text(sheetPath);
    expect(sheet).toMatch(/<drawing r:id="rIdTorchlineDrawing"\/><\/worksheet>|<drawing r:id="rIdTorchlineDrawing"\/><(legacyDrawing|tableParts|extLst)/);
    const sheetRels = await text(sheetPath.replace(/([^/]+)$/, '_rels/$1.rels'));
    expect(sheetRels).toContain('Target="../drawings/drawing1.xml"');
    const drawingRels = await text('xl/drawings/_rels/drawing1.xml.rels');
    expect(drawingRels.match(/relationships\/chart"/g)).toHaveLength(3);
    expect((await text('xl/drawings/drawing1.xml')).match(/<xdr:twoCellAnchor/g)).toHaveLength(3);
  });

  it('draws the high-tech trend as a line over the Indicators cells, with cached values', async () => {
    const chart = await text('xl/charts/chart1.xml');
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain(escapeMarkup(sheetRange(SHEET_NAMES.indicators, 1, 1, 5, 1)));
    const cached = [...chart.matchAll(/<c:numCache>.*?<\/c:numCache>/g)][0]![0];
    const values = [...cached.matchAll(/<c:v>([^<]+)<\/c:v>/g)].map((m) => Number(m[1]));
    expect(values).toEqual([2017, 2018, 2019, 2020, 2021].map((y) => input.indicators.years[y]!.high_tech_enterprises));
  });

  it('draws funding by sector as bars over the Sectors cells', async () => {
    const chart = await text('xl/charts/chart2.xml');
    expect(chart).toContain('<c:barDir val="bar"/>');
    expect(chart).toContain(escapeMarkup(sheetRange(SHEET_NAMES.sectors, 5, 1, 5, 12)));
    expect(chart).toContain('<c:v>12.345678</c:v>');
  });

  it('leaves a workbook exceljs still opens with all its data', async () => {
    const wb = await loadWorkbook(bytes);
    // Every sheet but 分区县, which only a city's report has.
    expect(wb.worksheets).toHaveLength(Object.keys(SHEET_NAMES).length - 1);
    expect(wb.getWorksheet(SHEET_NAMES.summary)!.getCell('B4').value).toBe(input.indicators.years[2021]!.high_tech_enterprises);
  });
});
