/**
 * `upload FILE --dataset D [--submitter-email E]`: puts a file where staff
 * drop it (submissions/<dataset>/<file name>), checked first as the ingest
 * would check it (type, size, address), then waits for its status and prints
 * it — the ingest itself runs in the target (the bucket notification in AWS,
 * the local runner's queue locally).
 */
import { S3_PREFIXES } from '../../shared/layout';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { bilingual } from '../../shared/domain/bilingual';
import { datasetForName, DATASET_NAMES } from '../../shared/domain/datasets';
import type { SubmissionStatus } from '../../shared/domain/submission-status';
import { objectSizeLimit } from '../../shared/ingest/parsing/workbook-limits';
import { routeSubmission } from '../../shared/ingest/routing';
import type { OperatorTarget } from './operator-target';
import type { Output } from './output';
import { statusLines } from './status-command';

export interface UploadOptions {
  /** incubators / enterprises / projects (or 孵化器 / 企业 / 项目); a workbook may go without one (routed by its headers). */
  dataset?: string;
  submitterEmail?: string;
  /** How long to wait for the status; 0 = do not wait. */
  waitSeconds: number;
  pollMs?: number;
}

export async function uploadCommand(target: OperatorTarget, file: string, options: UploadOptions, out: Output): Promise<number> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) {
    out.error(`${file}: ${bilingual('找不到该文件', 'no such file')}`);
    return 1;
  }
  let folder = '';
  if (options.dataset !== undefined) {
    const dataset = datasetForName(options.dataset);
    if (!dataset) {
      out.error(`--dataset ${options.dataset}: ${bilingual('不是数据集名称，请用 孵化器、企业 或 项目', `not a dataset; use one of ${DATASET_NAMES.join(', ')}`)}`);
      return 1;
    }
    folder = `${dataset}/`;
  }
  const key = `${S3_PREFIXES.submissions}${folder}${basename(file)}`;
  const route = routeSubmission(key);
  if (route.kind === 'reject' || route.kind === 'ignore') {
    out.error(`${file}: ${route.reason}`);
    return 1;
  }
  const limit = objectSizeLimit(route.format);
  if (size > limit) {
    const [mb, cap] = [(size / 1048576).toFixed(1), (limit / 1048576).toFixed(0)];
    out.error(`${file}: ${bilingual(`${mb} MB，超过 .${route.format} 文件 ${cap} MB 的上限，请拆分为多个文件`, `${mb} MB is over the ${cap} MB limit for .${route.format} files; split it into several files`)}`);
    return 1;
  }
  if (options.submitterEmail !== undefined && !z.email().safeParse(options.submitterEmail).success) {
    out.error(`--submitter-email ${options.submitterEmail}: ${bilingual('不是电子邮件地址', 'not an email address')}`);
    return 1;
  }
  const startedAt = new Date().toISOString();
  const put = await target.clients.s3.send(
    new PutObjectCommand({
      Bucket: target.config.ingestBucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: size,
      Metadata: options.submitterEmail ? { 'submitter-email': options.submitterEmail } : undefined,
    }),
  );
  out.log(bilingual(`已上传 ${file} 到 ${target.objectUrl(key)}`, `uploaded ${file} to ${target.objectUrl(key)}`));
  if (options.waitSeconds <= 0) {
    out.log(`see its status with: npm run torchline -- status --key ${key}`);
    return 0;
  }
  out.log(bilingual(`等待处理结果（最多 ${options.waitSeconds} 秒）…`, `waiting for the ingest (up to ${options.waitSeconds} s)…`));
  const isThisUpload = (st: SubmissionStatus) =>
    put.VersionId ? st.source.versionId === put.VersionId : st.source.etag?.replace(/"/g, '') === put.ETag?.replace(/"/g, '') && st.processedAt >= startedAt;
  const statuses = await waitForStatus(target, key, isThisUpload, options.waitSeconds * 1000, options.pollMs ?? 1000);
  if (statuses.length === 0) {
    out.log(bilingual(`${options.waitSeconds} 秒内尚未处理完`, `not processed within ${options.waitSeconds} s`) + `; npm run torchline -- status --key ${key}`);
    return 0;
  }
  for (const s of statuses) for (const line of statusLines(s, target)) out.log(line);
  return statuses.every((s) => s.status === 'accepted') ? 0 : 2;
}

/** The statuses of this very upload (its version, or its bytes processed since), once the ingest has written them. */
async function waitForStatus(target: OperatorTarget, key: string, isThisUpload: (s: SubmissionStatus) => boolean, waitMs: number, pollMs: number): Promise<SubmissionStatus[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const mine = (await target.ports.submissions.statusesOf(key)).filter(isThisUpload);
    if (mine.length > 0) return mine.sort((a, b) => a.sheetIndex - b.sheetIndex);
    if (Date.now() >= deadline) return [];
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
