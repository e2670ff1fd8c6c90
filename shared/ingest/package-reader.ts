/**
 * Reads a district's package (contract 15) — its workbook as the district's
 * Torchline wrote it, whatever Excel, WPS or LibreOffice did to it since, or
 * its JSON — into the package the city keeps, or the reasons it cannot be
 * kept: a sheet missing, a figure missing or not a number, a change that is
 * not current − previous, totals that do not equal the package's own lists.
 * Cells are read by the sheets' headings and labels, not by position, so a
 * row or column moved by a person's hand still reads.
 */
import { z } from 'zod';
import {
  PACKAGE_FIGURES,
  PACKAGE_SHEETS,
  PARTS_LABELS,
  packageInconsistencies,
  tenths,
  type DistrictPackage,
  type Explanation,
  type PackageFigure,
  type PackageFigureId,
  type PackageLists,
  type RdParts,
} from '../domain/district-package';
import { EXEMPT_REASONS, INCUBATOR_LEVELS, SECTOR_ENUM } from '../domain/enumerations';
import { displayText } from '../domain/display-text';
import type { RowError } from '../domain/submission-status';
import { isCellProblem, type CellInput } from './parsing/cell-values';
import type { Sheet } from './parsing/sheet-rows';

export type PackageRead = { ok: true; pkg: DistrictPackage; draft: boolean } | { ok: false; errors: RowError[] };

/** Rows kept of one sheet: a package's sheets are short; a hostile one is cut here. */
const ROWS_PER_SHEET = 50_000;

type Row = { row: number; cells: CellInput[] };

const text = (c: CellInput): string => (c === null || c === undefined || isCellProblem(c) ? '' : c instanceof Date ? c.toISOString() : String(c).trim());

/** A figure as the cell holds it: a number, a number written as text (with thousands separators), or nothing. */
function figure(c: CellInput): number | null | 'bad' {
  if (typeof c === 'number') return Number.isFinite(c) ? c : 'bad';
  const t = text(c).replace(/,/g, '');
  if (t === '' || t === '—' || t === '-') return null;
  return /^-?\d{1,15}(\.\d{1,6})?$/.test(t) ? Number(t) : 'bad';
}

class Problems {
  readonly errors: RowError[] = [];
  add(sheet: string, row: number, column: string, message: string): void {
    this.errors.push({ row, column: column ? `${sheet}：${column}` : sheet, message });
  }
}

/** The rows under a sheet's heading row (the first row with a cell `heading`: a city's lists put 区县 before it), by heading. */
function table(rows: readonly Row[], heading: string): { headings: string[]; body: Row[] } | undefined {
  const at = rows.findIndex((r) => r.cells.some((c) => text(c ?? null) === heading));
  if (at < 0) return undefined;
  return { headings: rows[at]!.cells.map(text), body: rows.slice(at + 1) };
}

function coverOf(rows: readonly Row[], p: Problems) {
  const value = new Map<string, { row: number; text: string }>();
  for (const r of rows) value.set(text(r.cells[0] ?? null), { row: r.row, text: text(r.cells[1] ?? null) });
  const district = value.get('区县')?.text ?? '';
  const yearText = value.get('统计年度')?.text ?? '';
  if (!district) p.add(PACKAGE_SHEETS.cover, 0, '区县', '封面缺少区县名称 / the cover names no district');
  if (!/^\d{4}$/.test(yearText))
    p.add(PACKAGE_SHEETS.cover, value.get('统计年度')?.row ?? 0, '统计年度', `统计年度应为四位年份，而为“${displayText(yearText, 20)}” / not a year`);
  const approval = value.get('审核情况')?.text ?? '';
  const title = rows.map((r) => text(r.cells[0] ?? null)).find((t) => t.includes('上报材料')) ?? '';
  const draft = approval.includes('草稿') || title.includes('草稿') || !approval.startsWith('已审核');
  const by = /^已审核：([^，,]{1,100})[，,]\s*(\d{4}-\d{2}-\d{2})/u.exec(approval);
  const reason = approval.indexOf('强制上报说明：');
  const approved = !draft && by ? { by: by[1]!, at: by[2]!, reason: reason >= 0 ? approval.slice(reason + '强制上报说明：'.length) : null } : null;
  return { district, year: Number(yearText), approved, draft };
}

function summaryOf(rows: readonly Row[], year: number, p: Problems) {
  const sheet = PACKAGE_SHEETS.summary;
  const t = table(rows, '指标');
  const figures = new Map<string, PackageFigure>();
  const parts = { current: {} as Partial<RdParts>, previous: {} as Partial<RdParts> };
  if (!t) {
    p.add(sheet, 0, '', `${sheet}找不到“指标”标题行 / no heading row`);
    return { figures, parts };
  }
  const col = (heading: string) => t.headings.indexOf(heading);
  const [prevAt, curAt, changeAt] = [col(`${year - 1}年`), col(`${year}年`), col('增减')];
  if (curAt < 0 || prevAt < 0) p.add(sheet, 0, '', `${sheet}应有“${year - 1}年”和“${year}年”两列，与封面的统计年度一致 / the years do not match the cover`);
  for (const r of t.body) {
    const label = text(r.cells[0] ?? null);
    const spec = PACKAGE_FIGURES.find((f) => f.label === label);
    const part = Object.entries(PARTS_LABELS).find(([, l]) => l === label)?.[0] as keyof RdParts | undefined;
    if (!spec && !part) continue;
    const [prev, cur, change] = [figure(r.cells[prevAt] ?? null), figure(r.cells[curAt] ?? null), figure(r.cells[changeAt] ?? null)];
    if (prev === 'bad' || cur === 'bad' || change === 'bad') {
      p.add(sheet, r.row, label, `“${label}”的数值不是数字 / not a number`);
      continue;
    }
    if (part) {
      if (cur !== null) parts.current[part] = cur;
      if (prev !== null) parts.previous[part] = prev;
      continue;
    }
    if (figures.has(spec!.id)) p.add(sheet, r.row, label, `“${label}”出现了两次 / stated twice`);
    const wrong = changeProblem(spec!, prev, cur, change);
    if (wrong) p.add(sheet, r.row, '增减', wrong);
    figures.set(spec!.id, { previous: prev, current: cur });
  }
  for (const f of missingFigures(figures)) p.add(sheet, 0, f.label, `${sheet}缺少“${f.label}” / a figure is missing`);
  return { figures, parts };
}

/** A stated change that is not current − previous; 千元 and % are stated to a tenth, each side rounded, so they may differ by 0.1. */
function changeProblem(spec: (typeof PACKAGE_FIGURES)[number], prev: number | null, cur: number | null, change: number | null): string | undefined {
  const slack = spec.unit === '千元' || spec.unit === '%' ? 1 : 0;
  if (prev === null || cur === null || change === null || Math.abs(tenths(cur - prev) - tenths(change)) <= slack) return undefined;
  return `“${spec.label}”的增减 ${change} 不等于 ${cur} − ${prev} / the change is not current − previous`;
}

/** The figures every package states that this one does not. */
const missingFigures = (figures: ReadonlyMap<string, PackageFigure>) => PACKAGE_FIGURES.filter((f) => !figures.has(f.id));

const whole = (parts: Partial<RdParts>): RdParts | null =>
  parts.rd_expenditure !== undefined && parts.revenue !== undefined ? { rd_expenditure: parts.rd_expenditure, revenue: parts.revenue } : null;

function listRows(rows: readonly Row[], sheet: string, first: string, p: Problems) {
  const t = table(rows, first);
  if (!t) p.add(sheet, 0, '', `${sheet}找不到“${first}”标题行 / no heading row`);
  const at = (heading: string) => t?.headings.indexOf(heading) ?? -1;
  return { body: t?.body ?? [], at };
}

function number(r: Row, at: number, sheet: string, heading: string, p: Problems): number | null {
  const n = figure(r.cells[at] ?? null);
  if (n === 'bad') {
    p.add(sheet, r.row, heading, `“${heading}”不是数字 / not a number`);
    return null;
  }
  return n;
}

function listsOf(sheets: ReadonlyMap<string, Row[]>, p: Problems): PackageLists {
  const large = listRows(sheets.get(PACKAGE_SHEETS.large) ?? [], PACKAGE_SHEETS.large, '企业名称', p);
  const n = (r: Row, h: string, s: string, l: typeof large) => number(r, l.at(h), s, h, p);
  const district = (r: Row, l: { at: (h: string) => number }) => (l.at('区县') >= 0 ? { district: text(r.cells[l.at('区县')] ?? null) } : {});
  const large_enterprises = large.body.map((r) => ({
    ...district(r, large),
    uscc: text(r.cells[large.at('统一社会信用代码')] ?? null),
    name: text(r.cells[large.at('企业名称')] ?? null),
    sector: SECTOR_ENUM.parse(text(r.cells[large.at('行业领域')] ?? null)) ?? text(r.cells[large.at('行业领域')] ?? null),
    high_tech: text(r.cells[large.at('高新')] ?? null) === '是',
    ...{ revenue: n(r, '营业收入', PACKAGE_SHEETS.large, large), rd_expenditure: n(r, '研发经费', PACKAGE_SHEETS.large, large) },
    ...{ employees: n(r, '从业人员', PACKAGE_SHEETS.large, large), rd_staff: n(r, '研发人员', PACKAGE_SHEETS.large, large) },
  }));
  const missing = listRows(sheets.get(PACKAGE_SHEETS.nonReporters) ?? [], PACKAGE_SHEETS.nonReporters, '类别', p);
  const non_reporters = missing.body.map((r) => {
    const reason = text(r.cells[missing.at('原因')] ?? null);
    const exempt = reason.startsWith('免报：') ? reason.slice('免报：'.length) : undefined;
    const kind = text(r.cells[missing.at('类别')] ?? null);
    return {
      ...district(r, missing),
      dataset: kind === '孵化器' ? 'incubators' : kind === '区县' ? 'districts' : 'enterprises',
      key: text(r.cells[missing.at('编号')] ?? null),
      name: text(r.cells[missing.at('单位名称')] ?? null),
      reason: exempt === undefined ? 'missing' : (EXEMPT_REASONS.parse(exempt) ?? exempt),
    };
  });
  const inc = listRows(sheets.get(PACKAGE_SHEETS.incubators) ?? [], PACKAGE_SHEETS.incubators, '孵化器编号', p);
  const incubators = inc.body.map((r) => ({
    ...district(r, inc),
    incubator_id: text(r.cells[inc.at('孵化器编号')] ?? null),
    name: text(r.cells[inc.at('名称')] ?? null),
    level: INCUBATOR_LEVELS.parse(text(r.cells[inc.at('级别')] ?? null)) ?? text(r.cells[inc.at('级别')] ?? null),
    incubating_companies: n(r, '在孵企业数', PACKAGE_SHEETS.incubators, inc) ?? 0,
    cumulative_incubated: n(r, '累计孵化企业数', PACKAGE_SHEETS.incubators, inc) ?? 0,
    graduated_companies: n(r, '当年毕业企业数', PACKAGE_SHEETS.incubators, inc),
  }));
  return { large_enterprises, non_reporters, incubators };
}

const PENDING = '待说明';

/** The district's own explanations from its 增减对比: each mover with a note, under the indicator its block names. */
function explanationsOf(rows: readonly Row[]): Explanation[] {
  const t = table(rows, '主要变动单位');
  if (!t) return [];
  const at = (heading: string) => t.headings.indexOf(heading);
  const out: Explanation[] = [];
  let id: PackageFigureId | undefined;
  for (const r of t.body) {
    const label = text(r.cells[at('指标')] ?? null);
    if (label) id = PACKAGE_FIGURES.find((f) => f.label === label)?.id;
    const [name, note] = [text(r.cells[at('主要变动单位')] ?? null), text(r.cells[at('说明')] ?? null)];
    if (id && name && note && note !== PENDING) out.push({ id, name: displayText(name, 100), note: displayText(note, 500) });
  }
  return out;
}

/** The package from its workbook's sheets (read by the hardened readers), or why it cannot be kept. */
export async function readPackageWorkbook(sheets: AsyncIterable<Sheet>): Promise<PackageRead> {
  const rows = new Map<string, Row[]>();
  const wanted = new Set<string>(Object.values(PACKAGE_SHEETS));
  for await (const sheet of sheets) {
    if (sheet.kind !== 'table' || sheet.name === undefined || !wanted.has(sheet.name.trim())) continue;
    const kept: Row[] = [];
    for await (const r of sheet.rows) if (kept.length < ROWS_PER_SHEET) kept.push({ row: r.row, cells: [...r.cells] });
    rows.set(sheet.name.trim(), kept);
  }
  const p = new Problems();
  for (const name of wanted) if (!rows.has(name)) p.add(name, 0, '', `缺少“${name}”工作表：这不是一份完整的区县上报材料 / the sheet is missing`);
  if (p.errors.length > 0) return { ok: false, errors: p.errors };
  const cover = coverOf(rows.get(PACKAGE_SHEETS.cover)!, p);
  const { figures, parts } = summaryOf(rows.get(PACKAGE_SHEETS.summary)!, cover.year, p);
  const lists = listsOf(rows, p);
  const explanations = explanationsOf(rows.get(PACKAGE_SHEETS.comparison)!);
  const pkg: DistrictPackage = {
    ...{ ...cover, figures: Object.fromEntries(figures) as DistrictPackage['figures'], lists, explanations },
    parts: { current: whole(parts.current), previous: whole(parts.previous) },
  };
  return finish(p, pkg, cover.draft);
}

function finish(p: Problems, pkg: DistrictPackage, draft: boolean): PackageRead {
  if (p.errors.length > 0) return { ok: false, errors: p.errors };
  const inconsistent = packageInconsistencies(pkg);
  if (inconsistent.length > 0) return { ok: false, errors: inconsistent.map((message) => ({ row: 0, column: '', message })) };
  return { ok: true, pkg, draft };
}

const NUM = z.number().finite().nullable();
const PARTS = z.object({ rd_expenditure: z.number().finite(), revenue: z.number().finite() });
const JSON_PACKAGE = z.object({
  district: z.string().trim().min(1).max(50),
  year: z.number().int().min(2000).max(9999),
  approved: z.object({ by: z.string().max(100), at: z.string().max(40), reason: z.string().max(2000).nullable() }).nullable(),
  indicators: z.array(z.object({ id: z.string(), previous: NUM, current: NUM, change: NUM })).max(100),
  rd_intensity_parts: PARTS.nullable().optional(),
  rd_intensity_parts_previous: PARTS.nullable().optional(),
  large_enterprises: z
    .array(
      z.object({
        ...{ district: z.string().max(50).optional(), uscc: z.string().max(40), name: z.string().max(200), sector: z.string().max(40), high_tech: z.boolean() },
        ...{ revenue: NUM, rd_expenditure: NUM, employees: NUM, rd_staff: NUM },
      }),
    )
    .max(100_000),
  non_reporters: z
    .array(
      z.object({
        district: z.string().max(50).optional(),
        dataset: z.string().max(20),
        key: z.string().max(64),
        name: z.string().max(200),
        reason: z.string().max(40),
      }),
    )
    .max(100_000),
  incubators: z
    .array(
      z.object({
        ...{ district: z.string().max(50).optional(), incubator_id: z.string().max(64), name: z.string().max(200), level: z.string().max(20) },
        ...{ incubating_companies: z.number().int(), cumulative_incubated: z.number().int(), graduated_companies: z.number().int().nullable() },
      }),
    )
    .max(100_000),
  comparison: z
    .array(z.object({ id: z.string(), movers: z.array(z.object({ name: z.string().max(200), note: z.string().max(2000).nullable() })).max(10) }))
    .max(100)
    .optional(),
});

/** JSON text as a value, or why it is not JSON (in the officer's words). */
export function parseJson(source: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(source) as unknown };
  } catch (err) {
    return { error: `不是有效的 JSON / not valid JSON: ${displayText(err instanceof Error ? err.message : String(err), 120)}` };
  }
}

/** The package from its JSON (`upward-<Y>.json`), or why it cannot be kept. */
export function readPackageJson(source: string): PackageRead {
  const parsed = parseJson(source);
  return 'value' in parsed ? readPackageValue(parsed.value) : { ok: false, errors: [{ row: 0, column: '', message: parsed.error }] };
}

/** The package from its JSON value, already parsed, or why it cannot be kept. */
export function readPackageValue(raw: unknown): PackageRead {
  const p = new Problems();
  const parsed = JSON_PACKAGE.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, errors: [{ row: 0, column: issue.path.join('.'), message: `不是区县上报材料的 JSON / not a district package: ${issue.message}` }] };
  }
  const d = parsed.data;
  const figures = new Map<PackageFigureId, PackageFigure>();
  for (const i of d.indicators) {
    const spec = PACKAGE_FIGURES.find((f) => f.id === i.id);
    if (!spec) continue;
    const wrong = changeProblem(spec, i.previous, i.current, i.change);
    if (wrong) p.add('indicators', 0, i.id, wrong);
    figures.set(spec.id, { previous: i.previous, current: i.current });
  }
  for (const f of missingFigures(figures)) p.add('indicators', 0, f.id, `缺少“${f.label}” / a figure is missing`);
  const approved = d.approved ? { by: d.approved.by, at: d.approved.at, reason: d.approved.reason } : null;
  const lists: PackageLists = { large_enterprises: d.large_enterprises, non_reporters: d.non_reporters, incubators: d.incubators };
  const explanations = (d.comparison ?? []).flatMap((c) => {
    const id = PACKAGE_FIGURES.find((f) => f.id === c.id)?.id;
    return id ? c.movers.flatMap((m) => (m.note ? [{ id, name: displayText(m.name, 100), note: displayText(m.note, 500) }] : [])) : [];
  });
  const pkg: DistrictPackage = {
    ...{ district: d.district, year: d.year, approved, lists, explanations },
    figures: Object.fromEntries(figures) as DistrictPackage['figures'],
    parts: { current: d.rd_intensity_parts ?? null, previous: d.rd_intensity_parts_previous ?? null },
  };
  return finish(p, pkg, approved === null);
}
