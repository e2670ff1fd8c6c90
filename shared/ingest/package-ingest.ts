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
import { parseJson, readPackageJson, readPackageValue, readPackageWorkbook, type PackageRead } from './package-reader';
import type { Sheet } from './parsing/sheet-rows';
import type { UnitIdentity } from './unit-identity';
import { readAllText, readSheets } from './parsing/submission-parser';
import type { SubmissionFormat } from './routing';
import type { RowSink } from './sheet-ingest';
import { SheetTally } from './sheet-tally';

/** A package's JSON is parsed whole. */
const JSON_LIMIT = 10 * 1024 * 1024;
/** What one record may hold (DynamoDB's item is 400 KB). */
const RECORD_LIMIT = 350 * 1024;

/** A package in its folder (districts/ or 区县/): a workbook of any format, or its JSON. */
export async function ingestPackage(format: SubmissionFormat, body: Readable, tallies: SheetTally[], sink: RowSink): Promise<void> {
  const refused: PackageRead = { ok: false, errors: [{ row: 0, column: '', message: INGEST_MESSAGES.packageFormat }] };
  const read =
    format === 'csv' || format === 'jsonl'
      ? refused
      : format === 'json'
        ? readPackageJson(await readAllText(body, JSON_LIMIT))
        : await readPackageWorkbook(readSheets(body, format));
  await keepPackage(read, tallies, sink);
}

/** A loose .json (a district's officer mails it to the city): read as a package when it is one, else refused as before, by `notPackage`. */
export async function ingestLoosePackageJson(body: Readable, tallies: SheetTally[], sink: RowSink, notPackage: string): Promise<void> {
  const parsed = parseJson(await readAllText(body, JSON_LIMIT));
  // An object naming its district and stating indicators: what every package JSON is, and no dataset's rows are.
  const value = 'value' in parsed ? parsed.value : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, 'district') || !Object.hasOwn(value, 'indicators')) {
    tallies.push(SheetTally.wholeFile(null, { row: 0, column: '', message: notPackage }));
    return;
  }
  await keepPackage(readPackageValue(value), tallies, sink);
}

/** A workbook found to be a package by its sheets (a district's officer mails it loose): read as one. */
export async function ingestPackageSheets(sheets: AsyncIterable<Sheet>, tallies: SheetTally[], sink: RowSink): Promise<void> {
  await keepPackage(await readPackageWorkbook(sheets), tallies, sink);
}

function packageTally(tallies: SheetTally[]): SheetTally {
  const tally = new SheetTally(0, undefined, 'districts');
  tallies.push(tally);
  tally.rows = 1;
  return tally;
}

/** A district's package as a unit sends it (under submitters/<org>/, by mail or upload): only the roster's district for that org. */
async function notOwn(read: Extract<PackageRead, { ok: true }>, identity: UnitIdentity): Promise<string | undefined> {
  const own = await identity.districtName(read.pkg.year);
  return own !== undefined && own.trim() === read.pkg.district.trim() ? undefined : INGEST_MESSAGES.notOwnPackage(read.pkg.district, read.pkg.year, own);
}

async function keepPackage(read: PackageRead, tallies: SheetTally[], sink: RowSink): Promise<void> {
  const tally = packageTally(tallies);
  const refuse = (message: string) => {
    tally.rejected = 1;
    tally.error({ row: 0, column: '', message });
  };
  const foreign = read.ok && sink.identity ? await notOwn(read, sink.identity) : undefined;
  if (foreign) return refuse(foreign);
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
