/** Ingesting every object an S3 notification (one SQS message body) reports. */
import { ingestSubmission, type IngestOptions, type IngestOutcome, type IngestStore } from './ingest-submission';
import { objectsCreated } from './s3-notification';
import { bilingual } from './bilingual';
import { UnreadableFileError } from './unreadable-file-error';
import type { Readable } from 'node:stream';

export interface ObjectReader {
  open(key: string, versionId?: string): Promise<Readable>;
}

export async function ingestNotification(
  body: string,
  objects: ObjectReader,
  store: IngestStore,
  options?: IngestOptions,
): Promise<{ key: string; outcome: IngestOutcome }[]> {
  const results: { key: string; outcome: IngestOutcome }[] = [];
  for (const created of objectsCreated(body)) {
    const open = async () => {
      try {
        return await objects.open(created.key, created.versionId);
      } catch (err) {
        // Gone before we got to it: retrying cannot help, so it is recorded as rejected instead.
        if (['NoSuchKey', 'NoSuchVersion'].includes((err as { name?: string }).name ?? '')) {
          throw new UnreadableFileError(
            bilingual('文件在读取前已被删除或替换，请重新上传', 'the file was deleted or replaced before it could be read; upload it again'),
          );
        }
        throw err;
      }
    };
    const outcome = await ingestSubmission(created, open, store, { ...options, objectSize: created.size });
    results.push({ key: created.key, outcome });
  }
  return results;
}
