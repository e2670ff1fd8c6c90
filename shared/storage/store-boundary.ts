/**
 * The storage boundary: every failure of an adapter call becomes a StoreFault
 * (with the SDK's error as its cause), and an object that is gone an
 * ObjectGoneError, so the domain tells them apart by type. A body stream's
 * failure part-way (a reset connection, a cut-off response) is translated
 * the same way.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { IngestStore, ObjectReader } from '../ingest/ports';
import { ObjectGoneError, StoreFault } from '../ingest/transient-fault';

const GONE = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound']);
/** What S3 answers for an object stored with another storage class (InvalidObjectState), a customer key (InvalidRequest) or a key the role may not use (AccessDenied). */
const REFUSED = new Set(['InvalidObjectState', 'InvalidRequest', 'AccessDenied', 'KMS.AccessDeniedException']);

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof StoreFault || err instanceof ObjectGoneError ? err : new StoreFault(err);
  }
}

/** The body, whose failure part-way is a StoreFault; closing it closes the source. */
function guardedBody(body: Readable): Readable {
  const out = new PassThrough();
  body.on('error', (err) => out.destroy(new StoreFault(err)));
  out.on('close', () => body.destroy());
  return body.pipe(out);
}

export function guardedReader(objects: ObjectReader): ObjectReader {
  return {
    open: async (key, versionId) => {
      try {
        return guardedBody(await objects.open(key, versionId));
      } catch (err) {
        const name = (err as { name?: string }).name ?? '';
        if (GONE.has(name)) throw new ObjectGoneError(key, 'gone', { cause: err });
        if (REFUSED.has(name)) throw new ObjectGoneError(key, 'refused', { cause: err });
        throw new StoreFault(err);
      }
    },
    metadata: (key, versionId) => guarded(() => objects.metadata(key, versionId)),
  };
}

export function guardedStore(store: IngestStore): IngestStore {
  return {
    hasSubmission: (key, order) => guarded(() => store.hasSubmission(key, order)),
    writeVersions: (page) => guarded(() => store.writeVersions(page)),
    putStatuses: (statuses) => guarded(() => store.putStatuses(statuses)),
    writeErrorReport: (keys, csv, json) => guarded(() => store.writeErrorReport(keys, csv, json)),
    writeCheckedWorkbook: (key, bytes) => guarded(() => store.writeCheckedWorkbook(key, bytes)),
    versionsOf: (dataset, naturalKey) => guarded(() => store.versionsOf(dataset, naturalKey)),
    statusesOf: (key) => guarded(() => store.statusesOf(key)),
    ...(store.codeAliases ? { codeAliases: () => guarded(() => store.codeAliases!()) } : {}),
  };
}
