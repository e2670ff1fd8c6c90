/**
 * The storage boundary: every failure of an adapter call becomes a StoreFault
 * (with the SDK's error as its cause), and an object that is gone an
 * ObjectGoneError, so the domain tells them apart by type. A body stream's
 * failure part-way (a reset connection, a cut-off response) is translated
 * the same way.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { IngestStore, ObjectReader } from '../ingest/ports';
import { ObjectGoneError, StoreFault } from './storage-errors';
import type { SendLedger } from '../mail/send-ledger';
import type { VersionReader } from '../report/current-records';
import type { SettingsStore } from '../report/operator-settings';

const GONE = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound']);
/**
 * What S3 answers for an object stored with another storage class (InvalidObjectState), a customer key (InvalidRequest) or a key the role may not use
 * (AccessDenied).
 */
const REFUSED = new Set(['InvalidObjectState', 'InvalidRequest', 'AccessDenied', 'KMS.AccessDeniedException']);

/** One adapter call, its failure a StoreFault (or the ObjectGoneError it already is). */
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

/** Pages of a query, whose failure part-way is a StoreFault. */
async function* guardedPages<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* pages;
  } catch (err) {
    throw err instanceof StoreFault ? err : new StoreFault(err);
  }
}

/** The report's reading of records and statuses, behind the boundary. */
export function guardedVersionReader(reader: VersionReader): VersionReader {
  return {
    versionShards: (dataset, year) => reader.versionShards(dataset, year).map((pages) => guardedPages(pages)),
    listSubmissions: () => guarded(() => reader.listSubmissions()),
  };
}

/** The send ledger (and the campaign's day lists kept in it), behind the boundary. */
export function guardedLedger<L extends SendLedger & { noteDay(key: string, day: string): Promise<void>; days(key: string): Promise<string[]> }>(
  ledger: L,
): SendLedger & Pick<L, 'noteDay' | 'days'> {
  return {
    claim: (key, claimId, now, leaseMs) => guarded(() => ledger.claim(key, claimId, now, leaseMs)),
    renew: (key, claimId, until) => guarded(() => ledger.renew(key, claimId, until)),
    markHanded: (key, claimId, at) => guarded(() => ledger.markHanded(key, claimId, at)),
    markSent: (key, details) => guarded(() => ledger.markSent(key, details)),
    markRefused: (key, reason, at) => guarded(() => ledger.markRefused(key, reason, at)),
    release: (key, claimId, reason) => guarded(() => ledger.release(key, claimId, reason)),
    record: (key) => guarded(() => ledger.record(key)),
    noteDay: (key, day) => guarded(() => ledger.noteDay(key, day)),
    days: (key) => guarded(() => ledger.days(key)),
  };
}

/** The operator's settings as the report and the campaign read them, behind the boundary. */
export function guardedSettings(settings: SettingsStore): SettingsStore {
  return {
    getSetting: (name) => guarded(() => settings.getSetting(name)),
    putSetting: (name, value) => guarded(() => settings.putSetting(name, value)),
    deleteSetting: (name) => guarded(() => settings.deleteSetting(name)),
  };
}

export { guarded };

export function guardedStore(store: IngestStore): IngestStore {
  return {
    hasSubmission: (key, order) => guarded(() => store.hasSubmission(key, order)),
    writeVersions: (page) => guarded(() => store.writeVersions(page)),
    putStatuses: (statuses) => guarded(() => store.putStatuses(statuses)),
    writeErrorReport: (keys, csv, json) => guarded(() => store.writeErrorReport(keys, csv, json)),
    writeCheckedWorkbook: (key, bytes) => guarded(() => store.writeCheckedWorkbook(key, bytes)),
    ...(store.writeManifest ? { writeManifest: (key: string, json: string) => guarded(() => store.writeManifest!(key, json)) } : {}),
    ...(store.readManifest ? { readManifest: (key: string) => guarded(() => store.readManifest!(key)) } : {}),
    ...(store.approval ? { approval: (year: number) => guarded(() => store.approval!(year)) } : {}),
    versionsOf: (dataset, naturalKey) => guarded(() => store.versionsOf(dataset, naturalKey)),
    statusesOf: (key) => guarded(() => store.statusesOf(key)),
    ...(store.codeAliases ? { codeAliases: () => guarded(() => store.codeAliases!()) } : {}),
  };
}
