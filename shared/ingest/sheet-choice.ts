/**
 * Which sheets of an upload are read, and as which dataset (data contract
 * section 1): by the dataset folder, by the sheet's name, or by its header;
 * hidden, empty and instruction sheets passed over with a word (or, for
 * instructions, without one); the first sheet with data of a file in a
 * dataset folder.
 */
import { PACKAGE_SHEETS } from '../domain/district-package';
import { ingestPackageSheets } from './package-ingest';
import { DATASETS, FORM_DATASETS, datasetForName, type DatasetName } from '../domain/datasets';
import { displayText } from '../domain/display-text';
import { INGEST_MESSAGES } from './ingest-messages';
import { locateHeader, readHead, type FormHeader, type SheetHead } from './parsing/form-layout';
import { describeColumn } from './parsing/header-mapping';
import type { Sheet, TableSheet } from './parsing/sheet-rows';
import { readSheets } from './parsing/submission-parser';
import type { Route } from './routing';
import { ingestForm, ingestObjects, type RowSink } from './sheet-ingest';
import { SheetTally } from './sheet-tally';
import { holdsErrorsList, isNamedErrorsList } from './errors-list';
import type { Readable } from 'node:stream';

/** Sheets that explain how to fill in a form (a template's 填表说明): passed over without a word. */
const INSTRUCTION_SHEET = /^(填表说明|填报说明|说明|notes?|instructions?|read ?me)([\s(（_-]|$)/i;

export function isInstructionSheet(name: string): boolean {
  return INSTRUCTION_SHEET.test(name.normalize('NFKC').trim());
}

/** A sheet outside a dataset folder whose name names no dataset: the one dataset whose required columns its header names, with that header. */
function datasetByHeader(head: SheetHead): { dataset: DatasetName; header: FormHeader } | undefined {
  const complete = FORM_DATASETS.flatMap((dataset) => {
    const header = locateHeader(DATASETS[dataset], head);
    return header !== undefined && header.mapping.missing.length === 0 ? [{ dataset, header }] : [];
  });
  return complete.length === 1 ? complete[0] : undefined;
}

type ReadRoute = Extract<Route, { kind: 'dataset' | 'workbook' }>;

/** The choices made so far across an upload's sheets. */
class Choice {
  readonly ignored: { name: string; reason: string }[] = [];
  usedFolderSheet = false;
  /** In a dataset folder, a sheet with no header row (a notes sheet, say) is passed over; it stands if nothing else does. */
  passedOver: SheetTally | undefined;

  constructor(
    readonly route: ReadRoute,
    readonly tallies: SheetTally[],
    readonly sink: RowSink,
  ) {}

  ignore(name: string | undefined, reason: string): void {
    this.ignored.push({ name: name ?? '', reason });
  }
}

/** Why a table sheet is not read at all, or undefined when it may be. */
function passOver(sheet: TableSheet, choice: Choice): string | undefined {
  if (sheet.hidden) return INGEST_MESSAGES.hiddenSheet;
  if (choice.route.kind === 'dataset' && choice.usedFolderSheet) return INGEST_MESSAGES.laterSheet;
  return undefined;
}

/** A sheet's name as a form's dataset: a sheet named 区县 in a loose workbook is not a district's package (those come whole, in their folder). */
function formDatasetForName(name: string): DatasetName | undefined {
  const dataset = datasetForName(name);
  return dataset === 'districts' ? undefined : dataset;
}

/** An empty sheet: an error when its name names a dataset of a loose workbook, else a word in the warnings. */
function emptySheet(index: number, name: string | undefined, choice: Choice): void {
  if (choice.route.kind !== 'workbook' || name === undefined) return;
  const dataset = formDatasetForName(name);
  if (!dataset) return choice.ignore(name, INGEST_MESSAGES.sheetEmptyReason);
  const tally = new SheetTally(index, name, dataset);
  tally.error({ row: 0, column: '', message: INGEST_MESSAGES.emptySheet(name) });
  choice.tallies.push(tally);
}

/** A sheet with data whose header could not be found: every required column is named missing. */
function headerNotFound(head: SheetHead, tally: SheetTally, name: string | undefined, choice: Choice): void {
  for (const column of DATASETS[tally.dataset!].columns.filter((c) => c.required)) {
    tally.error({ row: head.rows[0]!.row, column: describeColumn(column), message: INGEST_MESSAGES.noHeader(column.label, column.name, name !== undefined) });
  }
  if (choice.route.kind !== 'dataset') {
    choice.tallies.push(tally);
    return;
  }
  choice.passedOver ??= tally;
  if (name !== undefined) choice.ignore(name, INGEST_MESSAGES.noHeaderReason);
}

async function readTableSheet(sheet: TableSheet, index: number, choice: Choice): Promise<void> {
  const name = sheet.name;
  if (name !== undefined && isInstructionSheet(name)) return;
  const why = passOver(sheet, choice);
  if (why) return choice.ignore(name, why);
  const head = await readHead(sheet);
  // A returned checked workbook's own list, by its header row (errors-list.ts); a data sheet that is merely so named is read.
  if (name !== undefined && isNamedErrorsList(name) && holdsErrorsList(head.rows)) return;
  if (head.rows.length === 0) return emptySheet(index, name, choice);
  const { route } = choice;
  const named = route.kind === 'dataset' ? route.dataset : name === undefined ? undefined : formDatasetForName(name);
  // A sheet routed by its header has had that header located already.
  const byHeader = named === undefined ? datasetByHeader(head) : undefined;
  const dataset = named ?? byHeader?.dataset;
  if (!dataset) return choice.ignore(name, INGEST_MESSAGES.notDataset);
  const tally = new SheetTally(index, route.kind === 'workbook' ? name : undefined, dataset);
  tally.fileSheetName = name;
  const header = byHeader?.header ?? locateHeader(DATASETS[dataset], head);
  if (!header) return headerNotFound(head, tally, name, choice);
  await ingestForm(head, header, tally, choice.sink);
  choice.usedFolderSheet = true;
  choice.tallies.push(tally);
}

/** After the last sheet: the passed-over sheet, or the reason nothing was read, and the ignored sheets named. */
function finishChoice(choice: Choice): void {
  const { tallies, route, ignored } = choice;
  if (tallies.length === 0 && choice.passedOver) {
    tallies.push(choice.passedOver);
    return;
  }
  if (tallies.length === 0) {
    const found = displayText(ignored.map((i) => i.name).join(', '), 200);
    const message = route.kind === 'workbook' ? INGEST_MESSAGES.noSheetToRead(found) : INGEST_MESSAGES.emptyFile;
    tallies.push(SheetTally.wholeFile(route.kind === 'dataset' ? route.dataset : null, { row: 0, column: '', message }));
    return;
  }
  for (const { name, reason } of ignored) tallies[0]!.warn(INGEST_MESSAGES.sheetIgnored(name, reason));
}

/** The sheets again from the one already taken. */
async function* withFirst(first: Sheet | undefined, rest: AsyncIterator<Sheet>): AsyncGenerator<Sheet> {
  if (first) yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Reads every sheet of the upload, ingesting those chosen; one tally per sheet read (or one for the file). Answers the workbook's keywords. */
export async function readAll(route: ReadRoute, body: Readable, tallies: SheetTally[], sink: RowSink): Promise<string | undefined> {
  const choice = new Choice(route, tallies, sink);
  let index = -1;
  let keywords: string | undefined;
  const sheets = readSheets(body, route.format)[Symbol.asyncIterator]();
  const first = await sheets.next();
  // A loose workbook whose first sheet is a package's cover is a district's package (mailed to a city, contract 15).
  if (route.kind === 'workbook' && !first.done && first.value.kind === 'table' && first.value.name?.trim() === PACKAGE_SHEETS.cover) {
    await ingestPackageSheets(withFirst(first.value, sheets), tallies, sink);
    return undefined;
  }
  for await (const sheet of withFirst(first.done ? undefined : first.value, sheets)) {
    index++;
    if (sheet.kind === 'table') {
      keywords ??= sheet.keywords;
      await readTableSheet(sheet, index, choice);
    } else if (route.kind === 'dataset') {
      const tally = new SheetTally(index, undefined, route.dataset);
      await ingestObjects(sheet, DATASETS[route.dataset], tally, sink);
      tallies.push(tally);
    }
  }
  finishChoice(choice);
  return keywords;
}
