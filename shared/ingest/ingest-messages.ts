/**
 * What the ingest tells a submitter about a file or a sheet as a whole, in
 * one place so the Chinese wording can be read and reviewed together. Row
 * and cell messages live beside their rules (row-validator, cell-values,
 * domain/row-rules); the readers' messages in parsing/workbook-messages.ts.
 */
import { bilingual } from '../domain/bilingual';
import { displayText } from '../domain/display-text';

const mb = (n: number) => Math.ceil(n / 1048576);
const sheetName = (name: string) => displayText(name, 40);
const sheetOrFile = (isSheet: boolean) => (isSheet ? { zh: '工作表', en: 'sheet' } : { zh: '文件', en: 'file' });

export const INGEST_MESSAGES = {
  tooLarge: (size: number, limit: number, format: string) =>
    bilingual(
      `文件为 ${mb(size)} MB，超过 .${format} 文件的上限 ${mb(limit)} MB，未读取：请拆分后上传`,
      `the file is ${mb(size)} MB, more than the ${mb(limit)} MB allowed for a .${format} file; it was not read: split it into smaller files`,
    ),
  cannotRead: (detail: string) =>
    bilingual(`文件无法读取（${detail}），请检查文件后重新上传`, `the file cannot be read (${detail}); check it and upload it again`),
  noCheckedWorkbook: (detail: string) =>
    bilingual(`无法生成核对工作簿（${detail}），请按错误报告修改`, `the checked workbook could not be made (${detail}); use the error report`),
  emptySheet: (name: string) => bilingual(`工作表“${sheetName(name)}”是空的`, `worksheet "${sheetName(name)}" is empty`),
  sheetIgnored: (name: string, reason: string) => bilingual(`工作表“${sheetName(name)}”未读取`, `worksheet "${sheetName(name)}" ignored`) + `: ${reason}`,
  hiddenSheet: bilingual('隐藏的工作表不读取', 'hidden worksheets are not read'),
  laterSheet: bilingual('数据集文件夹中的文件只读取第一个有数据的工作表', 'only the first worksheet with data of a file in a dataset folder is read'),
  sheetEmptyReason: bilingual('工作表是空的', 'it is empty'),
  noHeaderReason: bilingual('找不到表头行', 'no header row was found in it'),
  notDataset: bilingual(
    '表名不是数据集名称（孵化器、企业、项目），表头也不完整对应某一个数据集',
    'its name is not a dataset (incubators/孵化器, enterprises/企业, projects/项目) and its header names the required columns of no single dataset',
  ),
  noHeader: (label: string, name: string, isSheet: boolean) => {
    const w = sheetOrFile(isSheet);
    return bilingual(
      `前 30 行中找不到表头，缺少必填列「${label}」，整张${w.zh}未读取`,
      `no header row among the first 30 rows: required column ${name} is missing; the whole ${w.en} is rejected`,
    );
  },
  noSheetToRead: (found: string) =>
    bilingual(
      `没有可读取的工作表：表名应为 孵化器、企业 或 项目，或表头包含某一数据集的全部必填列；找到的工作表：${found || '无'}`,
      `no worksheet is named after a dataset (incubators/孵化器, enterprises/企业, projects/项目) or has the header of one; found: ${found || 'none'}`,
    ),
  objectGone: bilingual('文件在读取前已被删除或替换，请重新上传', 'the file was deleted or replaced before it could be read; upload it again'),
  objectRefused: bilingual(
    '文件无法读取：在读取前已被删除，或以系统无法读取的方式存储（归档存储类型或自带加密密钥），请用普通方式重新上传',
    'the file cannot be read: it was deleted before it could be read, or is stored in a way the system may not ' +
      'read (an archive storage class or an encryption key of its own); upload it again plainly',
  ),
  emptyFile: bilingual('文件是空的：没有表头行', 'the file is empty: it has no header row'),
  missingColumn: (label: string, aliases: readonly string[], name: string, isSheet: boolean) => {
    const w = sheetOrFile(isSheet);
    return bilingual(
      `缺少必填列「${label}」（可写作：${aliases.join('、')} 或 ${name}），整张${w.zh}未读取`,
      `required column missing: ${name} (${aliases.join(' / ')}); the whole ${w.en} is rejected`,
    );
  },
  missingKey: (label: string, name: string) => bilingual(`缺少必填项「${label}」`, `${name} is required but missing`),
  tooManyKeys: (row: number, limit: number) =>
    bilingual(
      `从第 ${row} 行起，文件中的记录超过 ${limit} 条，不再检查是否与前面的行重复（重复时仍以后一行为准）`,
      `from row ${row} the file holds more than ${limit} records: repeats of earlier rows are no longer warned of (the last row of a key still wins)`,
    ),
  repeatedKey: (row: number, earlier: number, columns: string, shown: string) =>
    bilingual(`第 ${row} 行与第 ${earlier} 行重复（${shown}），保留后一行`, `row ${row} repeats ${columns} ${shown} of row ${earlier}; the last row is kept`),
  footerFrom: (row: number) =>
    bilingual(
      `第 ${row} 行起为表尾（填表人、说明等），不作为数据读取`,
      `rows from ${row} on are the footer (who filled it in, notes) and are not read as data`,
    ),
  totalRow: (row: number) => bilingual(`第 ${row} 行是合计行，不作为数据读取`, `row ${row} is a total row and is not read as data`),
  notOwnFigures: bilingual('只能报送本单位的数据', 'a submitter may report only its own figures'),
  notAnIncubator: (id: string, year: number) =>
    bilingual(
      `${displayText(id, 40)} 不是 ${year} 年度名录中的孵化器，科技局也未报送过该孵化器：只有孵化器本身可以报送孵化器数据，如有疑问请联系科技局`,
      `${displayText(id, 40)} is not an incubator on the ${year} roster and the bureau has never reported it: only ` +
        `an incubator may report incubator figures; ask the bureau if this is wrong`,
    ),
  ledByAnother: (id: string) =>
    bilingual(
      `项目编号 ${displayText(id, 40)} 已由另一单位牵头报送：项目的承担单位只能由科技局更改`,
      `project ${displayText(id, 40)} is led by another unit: only the bureau can change a project's lead`,
    ),
  rosterByBureauOnly: bilingual(
    '名录（应报单位名单）只能由科技局提交，企业和孵化器不能提交',
    'the roster of who must report is submitted by the bureau only, never by an enterprise or incubator',
  ),
  finding: (zh: string, en: string) => bilingual(`${zh}。如数据无误，请在「备注」中说明`, `${en}; if the figures are right, explain them in the note column`),
  headerOnly: bilingual('文件只有表头，没有数据行', 'the file has a header but no data rows'),
  noData: bilingual('文件没有数据', 'the file has no data rows'),
  moreSkipped: (n: number) => bilingual(`另有 ${n} 行非数据行未逐行列出`, `${n} more rows that are not data are not listed one by one`),
  /** An upload for a year the bureau approved (contract 14): checked and kept, not counted until the year is reopened. */
  yearLocked: (years: readonly number[]) =>
    bilingual(
      `${years.join('、')} 年度已审核锁定：本次数据已检查并保存，但不计入统计；如需更改，请联系科技局重新开放该年度`,
      `${years.join(', ')} has been approved and locked: this upload is checked and kept but does not count until the bureau reopens the year`,
    ),
  /** A returned copy that no longer holds rows its source wrote: those rows are withdrawn, named (contract 11, v4). */
  rowsWithdrawn: (names: readonly string[]) => {
    const shown = names.slice(0, 10).map((n) => displayText(n, 40));
    const rest = names.length - shown.length;
    return bilingual(
      `已删除 ${names.length} 行：${shown.join('、')}${rest > 0 ? ' 等' : ''}`,
      `${names.length} row(s) withdrawn: ${shown.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`,
    );
  },
  moreWarnings: (n: number) => bilingual(`另有 ${n} 条警告未列出`, `… and ${n} more warnings`),
  /** A district's package not approved by the district (contract 15): read, and marked 草稿 in the city's status. */
  draftPackage: (district: string, year: number) =>
    bilingual(
      `${displayText(district, 20)} ${year} 年度上报材料为草稿（未审核）：已读入，但在全市收报情况中标为草稿，请区县审核后重报`,
      `the ${year} package of ${displayText(district, 20)} is a draft (not approved): read, and marked draft in the city's status`,
    ),
  packageFormat: bilingual(
    '区县上报材料应为区县 Torchline 生成的 upward-<年度>.xlsx（或 .xls/.et 另存）或 upward-<年度>.json',
    "a district's package is the upward-<year>.xlsx its Torchline wrote (or saved as .xls/.et), or its upward-<year>.json",
  ),
  notOwnPackage: (district: string, year: number, own: string | undefined) =>
    own === undefined
      ? bilingual(
          `本单位不在 ${year} 年度名录的区县中，不能报送区县上报材料（${displayText(district, 20)}）`,
          `this unit is not a district on the ${year} roster and cannot send a district's package`,
        )
      : bilingual(
          `上报材料的区县为“${displayText(district, 20)}”，而本单位在名录中为“${displayText(own, 20)}”：只能报送本区县的材料`,
          `the package is ${displayText(district, 20)}'s, but this unit is ${displayText(own, 20)} on the roster: send only your own district's package`,
        ),
  packageTooLarge: (bytes: number) =>
    bilingual(
      `上报材料的名单过长（${Math.round(bytes / 1024)} KB），超过单份材料 350 KB 的上限`,
      `the package's lists are too long (${Math.round(bytes / 1024)} KB); one package may hold at most 350 KB`,
    ),
};
