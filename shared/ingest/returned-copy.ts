/**
 * A returned checked workbook replaces its source whole (contract 11, v4).
 * The checked workbook records which upload it was made for in a document
 * property (the core `keywords`, which Excel, WPS and LibreOffice keep when
 * they save), and the upload's records are listed beside its results
 * (`….records.json`, written only by the ingest). A returned copy that names
 * its source withdraws each record the source wrote that the copy no longer
 * holds: a withdrawal version that sets aside the source's version of the
 * record, so the version it had replaced is in force again.
 */
import type { DatasetName } from '../domain/datasets';
import { WITHDRAWS, type RecordVersion } from '../domain/record-version';
import type { SourceRef } from '../domain/records';
import { S3_PREFIXES } from '../layout';

const MARK = 'torchline-source';

/** The upload a checked workbook was made for. */
export interface CopySource {
  key: string;
  order: string;
}

/** The document property that names the source. */
export function sourceMark(source: CopySource): string {
  return `${MARK}:${Buffer.from(JSON.stringify({ k: source.key, o: source.order }), 'utf8').toString('base64url')}`;
}

/** The source a workbook's keywords name, when they are a mark this system wrote; anything else is no source. */
export function sourceOfMark(keywords: string | undefined): CopySource | undefined {
  const at = keywords?.indexOf(MARK) ?? -1;
  if (keywords === undefined || at < 0 || keywords.length > 4096) return undefined;
  // LibreOffice saves the keywords with the colon turned into a space: either separates the mark from its value.
  const encoded = keywords
    .slice(at + MARK.length + 1)
    .trimStart()
    .split(/[\s,;]/, 1)[0]!;
  try {
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as { k?: unknown; o?: unknown };
    return typeof parsed.k === 'string' && typeof parsed.o === 'string' ? { key: parsed.k, order: parsed.o } : undefined;
  } catch {
    return undefined;
  }
}

/** One record an upload wrote, as its receipt names it when it is withdrawn. */
export interface WrittenRecord {
  dataset: DatasetName;
  year: number;
  naturalKey: string;
  name: string;
}

export interface RecordManifest {
  order: string;
  records: WrittenRecord[];
}

/** Past this many records an upload's list is not kept: a copy of it then corrects by natural key only (section 6). */
export const MANIFEST_LIMIT = 20_000;

/**
 * May this upload replace that one? A unit's own upload (submitters/<org>/…) only one of the same unit's, so a
 * forged mark cannot reach another unit's records; the bureau's staff any.
 */
export function mayReplace(copyKey: string, source: CopySource): boolean {
  if (!copyKey.startsWith(S3_PREFIXES.submitters)) return source.key.startsWith(S3_PREFIXES.submissions) || source.key.startsWith(S3_PREFIXES.submitters);
  const org = copyKey.split('/')[1]!;
  return source.key.startsWith(`${S3_PREFIXES.submitters}${org}/`);
}

/** The withdrawal versions for the source's records the copy no longer holds, in the copy's upload order. */
export function withdrawals(
  manifest: RecordManifest,
  kept: ReadonlySet<string>,
  order: string,
  source: SourceRef,
): { versions: RecordVersion[]; names: string[] } {
  const gone = manifest.records.filter((r) => !kept.has(`${r.dataset}\u0000${r.naturalKey}`));
  const versions = gone.map((r, i) => ({
    dataset: r.dataset,
    naturalKey: r.naturalKey,
    year: r.year,
    order,
    // Past every sheet's rows: the withdrawals sort after the copy's own versions.
    sheetIndex: 999,
    row: i + 1,
    record: { [WITHDRAWS]: manifest.order },
    source,
  }));
  return { versions, names: gone.map((r) => r.name) };
}
