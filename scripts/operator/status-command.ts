/**
 * `status`: every submission with its state, counts, first errors and where
 * its error report and checked workbook are; uploads that have no status yet
 * are listed as waiting (still in the queue, or dead-lettered).
 */
import { S3_PREFIXES } from '../../shared/layout';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { bilingual } from '../../shared/domain/bilingual';
import { qualityLine, STATE_LABELS, type SubmissionStatus } from '../../shared/domain/submission-status';
import { routeSubmission } from '../../shared/ingest/routing';
import { beijingTime } from '../../shared/domain/shanghai-time';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';

export interface StatusOptions {
  /** Only submissions processed (or uploaded) on or after this instant. */
  since?: Date;
  /** Only keys that start with this (with or without "submissions/"). */
  keyPrefix?: string;
  /** How many errors of each submission to show. */
  errorsShown?: number;
}

/** "enterprises/" and "submissions/enterprises/" name the same prefix. */
export function submissionKey(key: string): string {
  const bare = key.replace(/^s3:\/\/[^/]+\//, '');
  return bare.startsWith(S3_PREFIXES.submissions) ? bare : S3_PREFIXES.submissions + bare;
}

/** The latest upload of each key (all its sheets), oldest key first. */
export function latestUploads(statuses: readonly SubmissionStatus[]): SubmissionStatus[] {
  const latestOrder = new Map<string, string>();
  for (const s of statuses) if ((latestOrder.get(s.key) ?? '') < s.order) latestOrder.set(s.key, s.order);
  return statuses
    .filter((s) => latestOrder.get(s.key) === s.order)
    .sort((a, b) => (a.processedAt < b.processedAt ? -1 : a.processedAt > b.processedAt ? 1 : a.sheetIndex - b.sheetIndex));
}

/** One rejected row's problem: where (row, column as written) and why. */
export function rowErrorLine(e: { row: number; column: string; message: string }, sheet?: string | null): string {
  return `${sheet ? `[${sheet}] ` : ''}第 ${e.row} 行 row ${e.row}, ${e.column}: ${e.message}`;
}

/** One submission (one sheet of it) as the CLI prints it. */
export function statusLines(s: SubmissionStatus, target: Pick<OperatorTarget, 'objectUrl'>, errorsShown = 3): string[] {
  const sheet = s.sheet ?? s.fileSheet;
  const lines = [
    `${s.key}${sheet ? ` [${sheet}]` : ''}  ${STATE_LABELS[s.status]}  ${s.dataset ?? '—'}  ${bilingual(`共 ${s.rows} 行，接受 ${s.accepted}，退回 ${s.rejected}`, `rows ${s.rows}, accepted ${s.accepted}, rejected ${s.rejected}`)}  (${beijingTime(s.processedAt)})`,
  ];
  for (const w of s.warnings) lines.push(`  警告 warning: ${w}`);
  if (s.errorCount > 0) {
    const shown = Math.min(errorsShown, s.errors.length);
    lines.push(`  ${bilingual(`错误（前 ${shown} 条，共 ${s.errorCount} 条）`, `errors (${shown} of ${s.errorCount})`)}:`);
    for (const e of s.errors.slice(0, errorsShown)) lines.push(`    ${rowErrorLine(e)}`);
  }
  if (s.errorReport) lines.push(`  错误报告 error report: ${target.objectUrl(s.errorReport.csv)}  (npm run torchline -- errors ${s.key})`);
  if (s.checkedWorkbook) lines.push(`  核对工作簿 checked workbook: ${target.objectUrl(s.checkedWorkbook)}`);
  return lines;
}

async function uploadedKeys(target: OperatorTarget, prefix: string): Promise<{ key: string; at: Date }[]> {
  const keys: { key: string; at: Date }[] = [];
  let token: string | undefined;
  do {
    const page = await target.clients.s3.send(new ListObjectsV2Command({ Bucket: target.config.ingestBucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key && !o.Key.endsWith('/')) keys.push({ key: o.Key, at: o.LastModified ?? new Date(0) });
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

export async function statusCommand(target: OperatorTarget, options: StatusOptions, out: Output): Promise<number> {
  const prefix = options.keyPrefix ? submissionKey(options.keyPrefix) : S3_PREFIXES.submissions;
  const since = options.since?.toISOString() ?? '';
  const latest = latestUploads(await target.ports.submissions.listSubmissions());
  const statuses = latest.filter((s) => s.key.startsWith(prefix) && s.processedAt >= since);
  // An upload is waiting when no status describes it: never processed, or replaced since (its event is later).
  const lastEvent = new Map(latest.map((s) => [s.key, Date.parse(s.source.eventTime)]));
  const waiting = (await uploadedKeys(target, prefix)).filter(
    (o) => routeSubmission(o.key).kind !== 'ignore' && o.at.getTime() > (lastEvent.get(o.key) ?? -Infinity) + 1000 && (!options.since || o.at >= options.since),
  );

  out.log(`Torchline ${target.label}, bucket ${target.config.ingestBucket}`);
  for (const s of statuses) for (const line of statusLines(s, target, options.errorsShown)) out.log(line);
  for (const w of waiting) {
    out.log(`${w.key}  处理中 waiting  ${bilingual(`${beijingTime(w.at)} 上传，尚未处理；若数分钟后仍如此，请查看死信队列`, `uploaded ${beijingTime(w.at)}, not processed yet; if it stays so for minutes, see the dead-letter queue`)}`);
  }
  out.log('');
  out.log(statuses.length > 0 ? qualityLine(statuses) : bilingual('没有符合条件的已处理提交', 'no processed submissions match'));
  if (waiting.length > 0) out.log(bilingual(`${waiting.length} 份上传等待处理`, `${waiting.length} upload(s) waiting to be processed`));
  return 0;
}
