/** Which dataset an uploaded object is, from its key (data contract section 1). */
import { datasetForName, type DatasetName } from './datasets';

export type SubmissionFormat = 'csv' | 'xlsx' | 'json' | 'jsonl';
export const SUBMISSIONS_PREFIX = 'submissions/';

export type Route =
  | { kind: 'ignore'; reason: string }
  | { kind: 'reject'; reason: string; dataset?: DatasetName }
  | { kind: 'dataset'; dataset: DatasetName; format: SubmissionFormat }
  | { kind: 'workbook'; format: 'xlsx' };

const FORMATS = new Set<string>(['csv', 'xlsx', 'json', 'jsonl']);

/** Error reports written beside a submission end like this; they are ours, not submissions. */
export const ERROR_REPORT_SUFFIXES = ['.errors.csv', '.errors.json'];

export function routeSubmission(key: string): Route {
  if (!key.startsWith(SUBMISSIONS_PREFIX)) return { kind: 'ignore', reason: 'outside submissions/' };
  if (key.endsWith('/')) return { kind: 'ignore', reason: 'folder marker' };
  if (ERROR_REPORT_SUFFIXES.some((s) => key.endsWith(s))) return { kind: 'ignore', reason: 'error report' };
  const parts = key.slice(SUBMISSIONS_PREFIX.length).split('/');
  const fileName = parts[parts.length - 1]!;
  // Excel's lock files ("~$report.xlsx") appear when someone syncs a folder with a workbook open.
  if (fileName.startsWith('~$')) return { kind: 'ignore', reason: 'Excel lock file' };
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const dataset = parts.length > 1 ? datasetForName(parts[0]!) : undefined;
  if (!FORMATS.has(ext)) {
    return {
      kind: 'reject',
      dataset,
      reason: `unsupported file type "${ext ? '.' + ext : fileName}": submit .csv, .xlsx, .json or .jsonl (an .xls workbook must be saved as .xlsx)`,
    };
  }
  const format = ext as SubmissionFormat;
  if (dataset) return { kind: 'dataset', dataset, format };
  if (format === 'xlsx') return { kind: 'workbook', format };
  return {
    kind: 'reject',
    reason: `cannot tell the dataset of a .${format} file outside a dataset folder: put it under submissions/incubators/, submissions/enterprises/ or submissions/projects/ (孵化器/企业/项目)`,
  };
}
