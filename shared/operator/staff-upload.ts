/**
 * A staff upload: a file put where staff drop it
 * (submissions/<dataset>/<file name>), checked first as the ingest would
 * check it (type, size, address), then its statuses once the ingest has
 * written them (the ingest runs in the target: the bucket's notification in
 * AWS, the local runner's queue locally).
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { S3_PREFIXES } from '../layout';
import { bilingual } from '../domain/bilingual';
import { datasetForName, DATASET_NAMES } from '../domain/datasets';
import type { SubmissionStatus } from '../domain/submission-status';
import type { Clock } from '../domain/clock';
import { objectSizeLimit } from '../ingest/parsing/workbook-limits';
import { routeSubmission } from '../ingest/routing';
import type { OperatorPorts } from './operator-ports';

export interface StaffUpload {
  fileName: string;
  size: number;
  body: () => Readable | Buffer;
  /** incubators / enterprises / projects (or 孵化器 / 企业 / 项目); a workbook may go without one (routed by its headers). */
  dataset?: string;
  submitterEmail?: string;
}

/** Where the file goes, or why it cannot go (in words for the officer, Chinese first). */
export function uploadKey(upload: Pick<StaffUpload, 'fileName' | 'size' | 'dataset' | 'submitterEmail'>): { key: string } | { refused: string } {
  let folder = '';
  if (upload.dataset !== undefined) {
    const dataset = datasetForName(upload.dataset);
    if (!dataset)
      return {
        refused: `--dataset ${upload.dataset}: ${bilingual('不是数据集名称，请用 孵化器、企业、项目、名录 或 区县', `not a dataset; use one of ${DATASET_NAMES.join(', ')}`)}`,
      };
    folder = `${dataset}/`;
  }
  const key = `${S3_PREFIXES.submissions}${folder}${upload.fileName}`;
  const route = routeSubmission(key);
  if (route.kind === 'reject' || route.kind === 'ignore') return { refused: `${upload.fileName}: ${route.reason}` };
  const limit = objectSizeLimit(route.format);
  if (upload.size > limit) {
    const [mb, cap] = [(upload.size / 1048576).toFixed(1), (limit / 1048576).toFixed(0)];
    const zh = `${mb} MB，超过 .${route.format} 文件 ${cap} MB 的上限，请拆分为多个文件`;
    return { refused: `${upload.fileName}: ${bilingual(zh, `${mb} MB is over the ${cap} MB limit for .${route.format} files; split it into several files`)}` };
  }
  if (upload.submitterEmail !== undefined && !z.email().safeParse(upload.submitterEmail).success) {
    return { refused: `--submitter-email ${upload.submitterEmail}: ${bilingual('不是电子邮件地址', 'not an email address')}` };
  }
  return { key };
}

/** What was put, so its own statuses can be told from an earlier upload's of the same name. */
export interface PutUpload {
  key: string;
  versionId?: string;
  etag?: string;
  startedAt: string;
}

export async function putUpload(
  ports: Pick<OperatorPorts, 'objects'>,
  clock: Clock,
  key: string,
  upload: Pick<StaffUpload, 'size' | 'body' | 'submitterEmail'>,
): Promise<PutUpload> {
  const startedAt = clock.now().toISOString();
  const metadata = upload.submitterEmail ? { 'submitter-email': upload.submitterEmail } : undefined;
  const put = await ports.objects.upload(key, upload.body(), upload.size, metadata);
  return { key, ...put, startedAt };
}

/** The statuses of this very upload (its version, or its bytes processed since), once the ingest has written them; none by the deadline. */
export async function statusesOfUpload(
  ports: Pick<OperatorPorts, 'submissions'>,
  clock: Clock,
  put: PutUpload,
  waitMs: number,
  pollMs: number,
): Promise<SubmissionStatus[]> {
  const unquoted = (etag: string | undefined) => etag?.replace(/"/g, '');
  const isThisUpload = (st: SubmissionStatus) =>
    put.versionId ? st.source.versionId === put.versionId : unquoted(st.source.etag) === unquoted(put.etag) && st.processedAt >= put.startedAt;
  const deadline = clock.now().getTime() + waitMs;
  for (;;) {
    const mine = (await ports.submissions.statusesOf(put.key)).filter(isThisUpload);
    if (mine.length > 0) return mine.sort((a, b) => a.sheetIndex - b.sheetIndex);
    if (clock.now().getTime() >= deadline) return [];
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
