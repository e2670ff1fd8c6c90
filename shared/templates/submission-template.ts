/**
 * Blank bilingual submission templates, one workbook per dataset: a data
 * sheet named after the dataset (so it routes in and outside a dataset
 * folder) whose headers read in both languages, dropdowns for enumerations
 * and booleans, and a notes sheet explaining every column.
 */
import ExcelJS from 'exceljs';
import { DATASETS, type ColumnSpec, type DatasetName, type DatasetSpec } from '../domain/datasets';
import { PROJECT_STATUSES, INCUBATOR_LEVELS } from '../domain/enumerations';
import { SECTORS } from '../domain/sectors';
import { stableZip } from '../excel/stable-zip';
import { columnLetters } from '../excel/cell-refs';

const TEMPLATE_ROWS = 2000;

const DATASET_ENGLISH: Record<Exclude<DatasetName, 'districts'>, string> = {
  incubators: 'one row per incubator per year',
  enterprises: 'one row per enterprise per year',
  projects: 'one row per district-funded tech project',
  roster: 'one row per unit that must report for the year (the roster, 名录)',
};

/** The header a template writes: Chinese label / English name, money in 万元 (what bureaus use). */
export function templateHeader(column: ColumnSpec): string {
  const unit = column.type.kind === 'money' ? '（万元）' : column.name === 'area_m2' ? '（平方米）' : '';
  return `${column.label} / ${column.name}${unit}`;
}

function allowedValues(column: ColumnSpec): string[] | undefined {
  switch (column.type.kind) {
    case 'bool':
      return ['是', '否'];
    case 'enum':
      if (column.type.enumeration === (INCUBATOR_LEVELS as unknown)) return Object.values(INCUBATOR_LEVELS.labels);
      if (column.type.enumeration === (PROJECT_STATUSES as unknown)) return Object.values(PROJECT_STATUSES.labels);
      return Object.values(SECTORS);
    default:
      return undefined;
  }
}

function describeType(column: ColumnSpec): string {
  switch (column.type.kind) {
    case 'id':
      return '编号：1–32 位字母、数字或连字符 / ID: 1–32 letters, digits or hyphens';
    case 'text':
      return `文本，最多 ${column.type.maxLength ?? '—'} 字 / text, at most ${column.type.maxLength ?? '—'} characters`;
    case 'enum':
      return `下拉选择 / choose: ${Object.entries(column.type.enumeration.labels)
        .map(([c, l]) => `${String(l)} (${c})`)
        .join(', ')}`;
    case 'year':
      return '年度，如 2021 / reporting year, e.g. 2021';
    case 'int':
      return '非负整数 / whole number ≥ 0';
    case 'number':
      return '非负数 / number ≥ 0';
    case 'money':
      return '金额（万元），可改表头单位为（元）/ amount in 10k yuan; change the header unit to （元） for yuan';
    case 'bool':
      return '是 / 否 (yes / no)';
    case 'uscc':
      return '18 位统一社会信用代码，含校验位 / 18-character USCC with its check character';
    case 'email':
      return '电子邮箱，如 zhang@qiye.cn / an email address';
  }
}

type Validations = { add(range: string, v: ExcelJS.DataValidation): void };

/** The drop-down list or number rule Excel enforces while the column is typed in, if its type has one. */
function validationFor(column: ColumnSpec): ExcelJS.DataValidation | undefined {
  const allowBlank = !column.required;
  const values = allowedValues(column);
  if (values) {
    return {
      type: 'list',
      allowBlank,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '请从下拉列表选择 / Choose from the list',
      error: values.join('、'),
    };
  }
  const kind = column.type.kind;
  if (kind === 'int' || kind === 'year') {
    const year = kind === 'year';
    return {
      type: 'whole',
      operator: year ? 'between' : 'greaterThanOrEqual',
      allowBlank,
      formulae: year ? [2000, 2100] : [0],
      showErrorMessage: true,
      errorTitle: '数值无效 / Invalid number',
      error: describeType(column),
    };
  }
  if (kind === 'money' || kind === 'number') {
    return {
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      allowBlank,
      formulae: [0],
      showErrorMessage: true,
      errorTitle: '数值无效 / Invalid number',
      error: describeType(column),
    };
  }
  return undefined;
}

/** The data sheet: one coloured header cell per column with its note, and its validation down the form. */
function dataSheet(wb: ExcelJS.Workbook, spec: DatasetSpec): void {
  const data = wb.addWorksheet(spec.label, { views: [{ state: 'frozen', ySplit: 1 }] });
  // exceljs supports range validations (worksheet.dataValidations.add) but its typings omit them.
  const validations = (data as unknown as { dataValidations: Validations }).dataValidations;
  data.columns = spec.columns.map((c) => ({ header: templateHeader(c), key: c.name, width: Math.max(16, templateHeader(c).length + 4) }));
  const header = data.getRow(1);
  header.font = { bold: true };
  header.height = 30;
  spec.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: column.required ? 'FFFCE4D6' : 'FFDDEBF7' } };
    cell.note = `${column.required ? '必填 required' : '选填 optional'} — ${describeType(column)}`;
    const letter = columnLetters(i);
    const validation = validationFor(column);
    if (validation) validations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, validation);
  });
}

/** The instructions sheet: where to upload, each column with its Chinese names and what to enter. */
function notesSheet(wb: ExcelJS.Workbook, dataset: Exclude<DatasetName, 'districts'>, spec: DatasetSpec): void {
  const notes = wb.addWorksheet('填表说明 Notes');
  notes.columns = [{ width: 34 }, { width: 26 }, { width: 12 }, { width: 90 }];
  notes.addRow([`${spec.label}（${dataset}）— ${DATASET_ENGLISH[dataset]}`]).font = { bold: true, size: 13 };
  notes.addRow([
    `上传到 submissions/${dataset}/ 或 submissions/${spec.label === '科技项目' ? '项目' : spec.label}/；只读取第一个工作表。Upload ` +
      `under submissions/${dataset}/; only the first sheet is read.`,
  ]);
  notes.addRow([]);
  notes.addRow(['列 Column', '中文别名 Chinese names', '必填 Required', '说明 What to enter']).font = { bold: true };
  for (const column of spec.columns) {
    notes.addRow([column.name, column.aliases.join('、'), column.required ? '是 yes' : '否 no', describeType(column)]);
  }
  notes.addRow([]);
  notes.addRow([
    '唯一键 Natural key',
    spec.keyColumns.join(' + '),
    '',
    '同一键的后上传数据替换先上传的 / a later upload of the same key replaces the earlier one',
  ]);
}

export async function submissionTemplate(dataset: Exclude<DatasetName, 'districts'>): Promise<Buffer> {
  const spec = DATASETS[dataset];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Torchline';
  wb.created = new Date(Date.UTC(2024, 0, 1));
  wb.modified = wb.created;
  dataSheet(wb, spec);
  notesSheet(wb, dataset, spec);
  return stableZip(Buffer.from(await wb.xlsx.writeBuffer()));
}
