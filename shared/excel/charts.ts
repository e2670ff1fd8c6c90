/**
 * Native Excel charts (DrawingML) added to a finished workbook package:
 * exceljs writes no charts, so each chart becomes xl/charts/chartN.xml,
 * anchored by a drawing on its host sheet. The series reference the cells
 * of the report's own sheets (and carry cached values), so the charts stay
 * live and editable in Excel, WPS and LibreOffice.
 */
import JSZip from 'jszip';
import { columnLetters } from './cell-refs';
import { escapeMarkup } from './markup-text';

export interface ChartSeries {
  name: string;
  /** Absolute range such as `'指标 Indicators'!$B$2:$F$2`. */
  ref: string;
  values: (number | null)[];
  color: string;
}

export interface ChartSpec {
  /** Sheet the chart is drawn on. */
  hostSheet: string;
  kind: 'line' | 'column' | 'bar';
  title: string;
  categories: { ref: string; labels: string[] };
  series: ChartSeries[];
  /** Zero-based cell anchor: from (col,row) to (col,row). */
  anchor: { from: [number, number]; to: [number, number] };
  numberFormat: string;
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  relChart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
  relDrawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  ctChart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  ctDrawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
};

/** `'Sheet name'!$B$2:$F$2` for a zero-based rectangle. */
export function sheetRange(sheet: string, fromCol: number, fromRow: number, toCol: number, toRow: number): string {
  return `'${sheet.replace(/'/g, "''")}'!$${columnLetters(fromCol)}$${fromRow + 1}:$${columnLetters(toCol)}$${toRow + 1}`;
}

function richText(text: string, size: number, bold: boolean): string {
  return `<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${escapeMarkup(text)}</a:t></a:r></a:p></c:rich>`;
}

function strCache(labels: string[]): string {
  return `<c:strCache><c:ptCount val="${labels.length}"/>${labels.map((l, i) => `<c:pt idx="${i}"><c:v>${escapeMarkup(l)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: (number | null)[], format: string): string {
  const points = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numCache><c:formatCode>${escapeMarkup(format)}</c:formatCode><c:ptCount val="${values.length}"/>${points}</c:numCache>`;
}

export function chartXml(spec: ChartSpec): string {
  const line = spec.kind === 'line';
  const series = spec.series
    .map((s, i) => {
      const fill = line
        ? `<c:spPr><a:ln w="31750" cap="rnd"><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill><a:round/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="7"/><c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr></c:marker>`
        : `<c:spPr><a:solidFill><a:srgbClr val="${s.color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
      const labels = `<c:dLbls><c:numFmt formatCode="${escapeMarkup(spec.numberFormat)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr><c:dLblPos val="${line ? 't' : 'outEnd'}"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`;
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${escapeMarkup(s.name)}</c:v></c:tx>${fill}${labels}` +
        `<c:cat><c:strRef><c:f>${escapeMarkup(spec.categories.ref)}</c:f>${strCache(spec.categories.labels)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeMarkup(s.ref)}</c:f>${numCache(s.values, spec.numberFormat)}</c:numRef></c:val>` +
        `${line ? '<c:smooth val="0"/>' : ''}</c:ser>`
      );
    })
    .join('');
  const group = line
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/><c:axId val="5001"/><c:axId val="5002"/></c:lineChart>`
    : `<c:barChart><c:barDir val="${spec.kind === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="60"/><c:axId val="5001"/><c:axId val="5002"/></c:barChart>`;
  const catPos = spec.kind === 'bar' ? 'l' : 'b';
  const valPos = spec.kind === 'bar' ? 'b' : 'l';
  const axes =
    `<c:catAx><c:axId val="5001"/><c:scaling><c:orientation val="${spec.kind === 'bar' ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/><c:axPos val="${catPos}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr><c:crossAx val="5002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="5002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${valPos}"/><c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode="${escapeMarkup(spec.numberFormat)}" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr><c:crossAx val="5001"/><c:crosses val="${spec.kind === 'bar' ? 'max' : 'autoZero'}"/><c:crossBetween val="between"/></c:valAx>`;
  const legend = spec.series.length > 1 ? '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>` +
    `<c:chart><c:title><c:tx>${richText(spec.title, 1200, true)}</c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${group}${axes}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

function drawingXml(anchors: { spec: ChartSpec; relId: string; id: number }[]): string {
  const frames = anchors
    .map(
      ({ spec, relId, id }) =>
        `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${spec.anchor.from[0]}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${spec.anchor.from[1]}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${spec.anchor.to[0]}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${spec.anchor.to[1]}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${escapeMarkup(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${relId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${frames}</xdr:wsDr>`;
}

function relationships(rels: { id: string; type: string; target: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}">${rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`;
}

async function sheetPath(zip: JSZip, sheetName: string): Promise<string> {
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const sheet = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`name="${escapeMarkup(sheetName)}"`));
  const relId = sheet && /r:id="([^"]+)"/.exec(sheet)?.[1];
  const rel = relId && [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`Id="${relId}"`));
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new Error(`sheet "${sheetName}" not found in the workbook`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Elements that must follow <drawing> in a worksheet (ECMA-376 CT_Worksheet order). */
const AFTER_DRAWING = [
  '<legacyDrawing',
  '<legacyDrawingHF',
  '<drawingHF',
  '<picture',
  '<oleObjects',
  '<controls',
  '<webPublishItems',
  '<tableParts',
  '<extLst',
  '</worksheet>',
];

export async function addCharts(xlsx: Buffer, charts: ChartSpec[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  let contentTypes = await zip.file('[Content_Types].xml')!.async('string');
  const byHost = new Map<string, ChartSpec[]>();
  for (const c of charts) byHost.set(c.hostSheet, [...(byHost.get(c.hostSheet) ?? []), c]);
  let chartNo = 0;
  let drawingNo = 0;
  for (const [host, specs] of byHost) {
    drawingNo++;
    const path = await sheetPath(zip, host);
    const anchors = specs.map((spec, i) => {
      chartNo++;
      zip.file(`xl/charts/chart${chartNo}.xml`, chartXml(spec));
      contentTypes = contentTypes.replace('</Types>', `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${NS.ctChart}"/></Types>`);
      return { spec, relId: `rId${i + 1}`, id: i + 1, chartNo };
    });
    zip.file(`xl/drawings/drawing${drawingNo}.xml`, drawingXml(anchors));
    zip.file(
      `xl/drawings/_rels/drawing${drawingNo}.xml.rels`,
      relationships(anchors.map((a) => ({ id: a.relId, type: NS.relChart, target: `../charts/chart${a.chartNo}.xml` }))),
    );
    contentTypes = contentTypes.replace('</Types>', `<Override PartName="/xl/drawings/drawing${drawingNo}.xml" ContentType="${NS.ctDrawing}"/></Types>`);

    const relsPath = path.replace(/([^/]+)$/, '_rels/$1.rels');
    const existing = await zip.file(relsPath)?.async('string');
    const relId = 'rIdTorchlineDrawing';
    const drawingRel = `<Relationship Id="${relId}" Type="${NS.relDrawing}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    zip.file(
      relsPath,
      existing
        ? existing.replace('</Relationships>', `${drawingRel}</Relationships>`)
        : relationships([{ id: relId, type: NS.relDrawing, target: `../drawings/drawing${drawingNo}.xml` }]),
    );

    let sheetXml = await zip.file(path)!.async('string');
    if (!/xmlns:r=/.test(sheetXml.slice(0, sheetXml.indexOf('>', sheetXml.indexOf('<worksheet'))))) {
      sheetXml = sheetXml.replace('<worksheet', `<worksheet xmlns:r="${NS.r}"`);
    }
    const at = Math.min(...AFTER_DRAWING.map((t) => sheetXml.indexOf(t)).filter((i) => i >= 0));
    sheetXml = `${sheetXml.slice(0, at)}<drawing r:id="${relId}"/>${sheetXml.slice(at)}`;
    zip.file(path, sheetXml);
  }
  zip.file('[Content_Types].xml', contentTypes);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
