/** Ingesting every object an S3 notification (one SQS message body) reports. */
import { ingestSubmission, type IngestOptions, type IngestOutcome } from './ingest-submission';
import type { IngestStore, ObjectReader } from './ports';
import { objectsCreated } from './s3-notification';
import { bilingual } from '../domain/bilingual';
import { UnreadableFileError } from './parsing/unreadable-file-error';


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
