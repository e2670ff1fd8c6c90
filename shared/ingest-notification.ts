/** Ingesting every object an S3 notification (one SQS message body) reports. */
import { ingestSubmission, type IngestOptions, type IngestOutcome, type IngestStore } from './ingest-submission';
import { objectsCreated } from './s3-notification';
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
    const outcome = await ingestSubmission(created, () => objects.open(created.key, created.versionId), store, options);
    results.push({ key: created.key, outcome });
  }
  return results;
}
