/**
 * The write ceiling: the exact items the version store writes for a file's rows,
 * marshalled beforehand, sent as raw BatchWriteItem pages of 25 at 1, 4, 8
 * and 16 in flight against the same DynamoDB Local. No parsing, no SDK
 * document layer, no pipeline: what the store itself can take. Prints one
 * JSON line: items per second at each concurrency.
 */
import { createReadStream } from 'node:fs';
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { configFromEnv } from '../../shared/config';
import { DATASETS } from '../../shared/domain/datasets';
import type { RecordVersion } from '../../shared/domain/record-version';
import { naturalKey } from '../../shared/domain/datasets';
import { uploadOrder } from '../../shared/domain/records';
import { formRows, locateHeader, readHead } from '../../shared/ingest/parsing/form-layout';
import { validateRow } from '../../shared/ingest/parsing/row-validator';
import { readSheets } from '../../shared/ingest/parsing/submission-parser';
import { LOCAL_CREDENTIALS } from '../../shared/storage/aws-clients';
import { versionItem } from '../../shared/storage/version-store';

const [file, key] = process.argv.slice(2);
const spec = DATASETS.enterprises;
const source = { key: key!, sequencer: 'CE11', eventTime: new Date().toISOString() };
const order = uploadOrder(source);
const items: Record<string, unknown>[] = [];
for await (const sheet of readSheets(createReadStream(file!), 'csv')) {
  if (sheet.kind !== 'table') continue;
  const head = await readHead(sheet);
  const header = locateHeader(spec, head)!;
  for await (const row of formRows(head, header)) {
    if (row.kind !== 'data') continue;
    const result = validateRow(header.mapping.columns, spec.columns, row.cells, row.row, { maxYear: 2030 }, spec.name);
    if (!result.ok) continue;
    const v: RecordVersion = {
      dataset: 'enterprises',
      naturalKey: naturalKey('enterprises', result.record),
      year: result.record.year as number,
      order,
      sheetIndex: 0,
      row: row.row,
      record: result.record,
      source,
    };
    items.push(versionItem(v));
  }
}
const config = configFromEnv();
const pages: WriteRequest[][] = [];
for (let i = 0; i < items.length; i += 25) {
  pages.push(items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } })));
}
const client = new DynamoDBClient({ region: 'local', endpoint: process.env.TORCHLINE_DYNAMODB_ENDPOINT, credentials: LOCAL_CREDENTIALS });

async function writeAll(inFlight: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < pages.length) {
      let requests = pages[next++]!;
      while (requests.length > 0) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [config.tableName]: requests } }));
        requests = out.UnprocessedItems?.[config.tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return Math.round(items.length / ((performance.now() - started) / 1000));
}

const perInFlight: Record<string, number> = {};
for (const c of [1, 4, 8, 16]) perInFlight[c] = await writeAll(c);
console.log(JSON.stringify({ mode: 'ceiling', items: items.length, byInFlight: JSON.stringify(perInFlight), best: Math.max(...Object.values(perInFlight)) }));
