/**
 * A district's package ingested as one record of the `districts` dataset
 * (contract 15), natural key (district, year): read whole, checked, and kept
 * as stated, or rejected with every reason; a draft is kept and marked. A
 * later package of the same district and year replaces it, as any record.
 */
import type { Readable } from 'node:stream';
import { naturalKey } from '../domain/datasets';
import { districtRecord } from '../domain/district-package';
import { INGEST_MESSAGES } from './ingest-messages';
import { readPackageJson, readPackageWorkbook } from './package-reader';
import { readAllText, readSheets } from './parsing/submission-parser';
import type { SubmissionFormat } from './routing';
import type { RowSink } from './sheet-ingest';
import { SheetTally } from './sheet-tally';

/** A package's JSON is parsed whole. */
const JSON_LIMIT = 10 * 1024 * 1024;
/** What one record may hold (DynamoDB's item is 400 KB). */
const RECORD_LIMIT = 350 * 1024;

export async function ingestPackage(format: SubmissionFormat, body: Readable, tallies: SheetTally[], sink: RowSink): Promise<void> {
  const tally = new SheetTally(0, undefined, 'districts');
  tallies.push(tally);
  tally.rows = 1;
  const refuse = (message: string) => {
    tally.rejected = 1;
    tally.error({ row: 0, column: '', message });
  };
  if (sink.identity) return refuse(INGEST_MESSAGES.packageByCityOnly);
  if (format === 'csv' || format === 'jsonl') return refuse(INGEST_MESSAGES.packageFormat);
  const read = format === 'json' ? readPackageJson(await readAllText(body, JSON_LIMIT)) : await readPackageWorkbook(readSheets(body, format));
  if (!read.ok) {
    tally.rejected = 1;
    for (const e of read.errors) tally.error(e);
    return;
  }
  const record = districtRecord(read.pkg);
  const size = Buffer.byteLength(JSON.stringify(record));
  if (size > RECORD_LIMIT) return refuse(INGEST_MESSAGES.packageTooLarge(size));
  if (read.draft) tally.warn(INGEST_MESSAGES.draftPackage(read.pkg.district, read.pkg.year));
  tally.accepted = 1;
  tally.years.add(read.pkg.year);
  await sink.writer.add({
    dataset: 'districts',
    naturalKey: naturalKey('districts', record),
    year: read.pkg.year,
    order: sink.order,
    sheetIndex: 0,
    row: 1,
    record,
    source: sink.source,
  });
}
