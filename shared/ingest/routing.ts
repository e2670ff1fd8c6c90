/** Which dataset an uploaded object is, from its key (data contract section 1). */
import { bilingual } from '../domain/bilingual';
import { displayText } from '../domain/display-text';
import { datasetForName, type DatasetName } from '../domain/datasets';

export type SubmissionFormat = 'csv' | 'xlsx' | 'xls' | 'et' | 'json' | 'jsonl';
export type WorkbookFormat = Extract<SubmissionFormat, 'xlsx' | 'xls' | 'et'>;
export const SUBMISSIONS_PREFIX = 'submissions/';

export type Route =
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; reason: string; dataset?: DatasetName }
  | { kind: 'dataset'; dataset: DatasetName; format: SubmissionFormat }
  | { kind: 'workbook'; format: WorkbookFormat };

const FORMATS = new Set<string>(['csv', 'xlsx', 'xls', 'et', 'json', 'jsonl']);
const WORKBOOK_FORMATS = new Set<string>(['xlsx', 'xls', 'et']);

/** What the ingest writes beside a submission ends like this; it is ours, not a submission. */
export const REPORT_SUFFIXES = ['.errors.csv', '.errors.json', '.checked.xlsx'];

export function routeSubmission(key: string): Route {
  if (!key.startsWith(SUBMISSIONS_PREFIX)) return { kind: 'ignore', reason: 'outside submissions/' };
  if (key.endsWith('/')) return { kind: 'ignore', reason: 'folder marker' };
  if (REPORT_SUFFIXES.some((s) => key.endsWith(s))) return { kind: 'ignore', reason: 'error report' };
  const parts = key.slice(SUBMISSIONS_PREFIX.length).split('/');
  const fileName = parts[parts.length - 1]!;
  // Excel's and WPS's lock files ("~$report.xlsx", ".~report.et") appear when someone syncs a folder with a workbook open.
  if (fileName.startsWith('~$') || fileName.startsWith('.~')) return { kind: 'ignore', reason: 'lock file' };
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const dataset = parts.length > 1 ? datasetForName(parts[0]!) : undefined;
  if (!FORMATS.has(ext)) {
    const shown = displayText(ext ? '.' + ext : fileName, 40);
    return {
      kind: 'reject',
      dataset,
      reason: bilingual(
        `不支持的文件类型“${shown}”：请提交 .xlsx、.xls、.et、.csv、.json 或 .jsonl 文件`,
        `unsupported file type "${shown}": submit .xlsx, .xls, .et, .csv, .json or .jsonl`,
      ),
    };
  }
  const format = ext as SubmissionFormat;
  if (dataset) return { kind: 'dataset', dataset, format };
  if (WORKBOOK_FORMATS.has(format)) return { kind: 'workbook', format: format as WorkbookFormat };
  return {
    kind: 'reject',
    reason: bilingual(
      `不在数据集文件夹中的 .${format} 文件无法判断类别：请放入 submissions/孵化器/、submissions/企业/ 或 submissions/项目/（或 incubators/、enterprises/、projects/）`,
      `cannot tell the dataset of a .${format} file outside a dataset folder: put it under submissions/incubators/, submissions/enterprises/ or submissions/projects/ (孵化器/企业/项目)`,
    ),
  };
}
