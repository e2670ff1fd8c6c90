/** Which dataset an uploaded object is, from its key (data contract section 1). */
import { S3_PREFIXES } from '../layout';
import { INGEST_MESSAGES } from './ingest-messages';
import { bilingual } from '../domain/bilingual';
import { displayText } from '../domain/display-text';
import { datasetForName, type DatasetName } from '../domain/datasets';

export type SubmissionFormat = 'csv' | 'xlsx' | 'xls' | 'et' | 'json' | 'jsonl';
export type WorkbookFormat = Extract<SubmissionFormat, 'xlsx' | 'xls' | 'et'>;
/** What a submitter's org may be named: a credit code or an incubator id. */
const ORG_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

/** For an upload under `submitters/<org>/`: the org every row must belong to. */
type Org = { org?: string };

export type Route =
  | { kind: 'ignore'; reason: string }
  | ({ kind: 'reject'; reason: string; dataset?: DatasetName } & Org)
  | ({ kind: 'dataset'; dataset: DatasetName; format: SubmissionFormat } & Org)
  | ({ kind: 'workbook'; format: WorkbookFormat } & Org)
  /** A .json outside a dataset folder: a district's package if its content is one (mailed to a city), else refused with `reason`. */
  | ({ kind: 'package-json'; format: 'json'; reason: string } & Org);

/** The part of the key read as a submission's path, and the submitter's org when there is one. */
function submissionPath(key: string): { path: string; org?: string } | { ignore: string } | { reject: string } {
  if (key.startsWith(S3_PREFIXES.submissions)) return { path: key.slice(S3_PREFIXES.submissions.length) };
  if (!key.startsWith(S3_PREFIXES.submitters)) return { ignore: 'outside submissions/ and submitters/' };
  const rest = key.slice(S3_PREFIXES.submitters.length);
  const slash = rest.indexOf('/');
  const org = slash > 0 ? rest.slice(0, slash) : '';
  if (!ORG_PATTERN.test(org)) {
    return {
      reject: bilingual(
        `submitters/ 下的第一层文件夹应为本单位的统一社会信用代码或孵化器编号`,
        `the first folder under submitters/ must be the submitter's credit code or incubator id`,
      ),
    };
  }
  return { path: rest.slice(slash + 1), org: org.toUpperCase() };
}

const FORMATS = new Set<string>(['csv', 'xlsx', 'xls', 'et', 'json', 'jsonl']);
const WORKBOOK_FORMATS = new Set<string>(['xlsx', 'xls', 'et']);

export function routeSubmission(key: string): Route {
  const where = submissionPath(key);
  if ('ignore' in where) return { kind: 'ignore', reason: where.ignore };
  if ('reject' in where) return { kind: 'reject', reason: where.reject };
  const { path, org } = where;
  if (key.endsWith('/')) return { kind: 'ignore', reason: 'folder marker' };
  // Whatever its name (a checked workbook sent back as `….checked.xlsx` included), an upload is read: the
  // system's own outputs live under results/, which is never read as a submission (contract 11, v4).
  const parts = path.split('/');
  const fileName = parts[parts.length - 1]!;
  // Excel's and WPS's lock files ("~$report.xlsx", ".~report.et") appear when someone syncs a folder with a workbook open.
  if (fileName.startsWith('~$') || fileName.startsWith('.~')) return { kind: 'ignore', reason: 'lock file' };
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const dataset = parts.length > 1 ? datasetForName(parts[0]!) : undefined;
  const bound = org ? { org } : {};
  if (!FORMATS.has(ext)) {
    const shown = displayText(ext ? '.' + ext : fileName, 40);
    return {
      kind: 'reject',
      dataset,
      ...bound,
      reason: bilingual(
        `不支持的文件类型“${shown}”：请提交 .xlsx、.xls、.et、.csv、.json 或 .jsonl 文件`,
        `unsupported file type "${shown}": submit .xlsx, .xls, .et, .csv, .json or .jsonl`,
      ),
    };
  }
  const format = ext as SubmissionFormat;
  if (dataset === 'roster' && org) return { kind: 'reject', dataset, ...bound, reason: INGEST_MESSAGES.rosterByBureauOnly };
  if (dataset) return { kind: 'dataset', dataset, format, ...bound };
  if (WORKBOOK_FORMATS.has(format)) return { kind: 'workbook', format: format as WorkbookFormat, ...bound };
  // A submitter's folders are under its own prefix: name those, not staff's.
  const base = org ? `${S3_PREFIXES.submitters}${displayText(org, 40)}/` : 'submissions/';
  const reason = bilingual(
    `不在数据集文件夹中的 .${format} 文件无法判断类别：请放入 ${base}孵化器/、${base}企业/ 或 ${base}项目/（或 incubators/、enterprises/、projects/）`,
    `cannot tell the dataset of a .${format} file outside a dataset folder: put it under ${base}incubators/, ` +
      `${base}enterprises/ or ${base}projects/ (孵化器/企业/项目)`,
  );
  // A district's package JSON says what it is by its content (a city's mailbox receives them loose).
  if (format === 'json') return { kind: 'package-json', format, ...bound, reason };
  return { kind: 'reject', ...bound, reason };
}
