/**
 * `upload FILE --dataset D [--submitter-email E]`: puts a file where staff
 * drop it (submissions/<dataset>/<file name>), checked first as the ingest
 * would check it (type, size, address), then waits for its status and prints
 * it — the ingest itself runs in the target (the bucket notification in AWS,
 * the local runner's queue locally).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { bilingual } from '../../shared/domain/bilingual';
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
  const { operator } = target.torchline;
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) {
    out.error(`${file}: ${bilingual('找不到该文件', 'no such file')}`);
    return 1;
  }
  const put = await operator.upload({
    fileName: basename(file),
    size,
    body: () => createReadStream(file),
    dataset: options.dataset,
    submitterEmail: options.submitterEmail,
  });
  if ('refused' in put) {
    out.error(put.refused);
    return 1;
  }
  out.log(bilingual(`已上传 ${file} 到 ${operator.objectUrl(put.key)}`, `uploaded ${file} to ${operator.objectUrl(put.key)}`));
  if (options.waitSeconds <= 0) {
    out.log(`${bilingual('查看处理结果', 'see its status with')}: npm run torchline -- status --key ${put.key}`);
    return 0;
  }
  out.log(bilingual(`等待处理结果（最多 ${options.waitSeconds} 秒）…`, `waiting for the ingest (up to ${options.waitSeconds} s)…`));
  const statuses = await operator.statusesOfUpload(put, options.waitSeconds * 1000, options.pollMs);
  if (statuses.length === 0) {
    out.log(
      bilingual(`${options.waitSeconds} 秒内尚未处理完`, `not processed within ${options.waitSeconds} s`) + `; npm run torchline -- status --key ${put.key}`,
    );
    return 0;
  }
  for (const s of statuses) for (const line of statusLines(s, operator.objectUrl)) out.log(line);
  return statuses.every((s) => s.status === 'accepted') ? 0 : 2;
}
