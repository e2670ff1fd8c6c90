import { shardOf, TABLE_DESIGN } from '../../../shared/layout';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { RecordVersion } from '../../../shared/domain/record-version';
import { dynamoStores, type DynamoStores } from '../../../shared/storage/dynamo-stores';
import { freshTable } from '../../support/local-servers';
import type { SubmissionStatus } from '../../../shared/domain/submission-status';

const version = (n: number, year = 2021): RecordVersion => ({
  dataset: 'enterprises',
  naturalKey: `U${n}#${year}`,
  year,
  order: '000000000000001#0000000000000000000000000000000A',
  sheetIndex: 0,
  row: n + 2,
  record: { uscc: `U${n}`, year, name: `E${n}` },
  source: { key: 'submissions/enterprises/x.csv', sequencer: 'A', eventTime: '2022-01-01T00:00:00.000Z' },
});

async function readVersions(stores: DynamoStores, dataset: 'enterprises', year: number) {
  const all = [];
  for (const shard of stores.versions.versionShards(dataset, year)) {
    const keys: string[] = [];
    for await (const page of shard) {
      all.push(...page);
      keys.push(...page.map((v) => v.naturalKey));
    }
    // Within a shard the index hands keys over in order, which the report's fold relies on.
    expect(keys).toEqual([...keys].sort());
  }
  return all;
}

describe('the DynamoDB adapters', () => {
  it('writes versions in batches and reads a year back over every shard', async () => {
    const { stores } = await freshTable();
    const page = Array.from({ length: 25 }, (_, n) => version(n));
    await stores.versions.writeVersions(page);
    await stores.versions.writeVersions([version(100, 2020)]);
    const read = await readVersions(stores, 'enterprises', 2021);
    expect(read.map((v) => v.naturalKey).sort()).toEqual(page.map((v) => v.naturalKey).sort());
    expect(read[0]!.data).toMatchObject({ year: 2021 });
  });

  it('reads a year with one Query per shard and never a Scan', async () => {
    const { stores, doc } = await freshTable();
    await stores.versions.writeVersions([version(1), version(2)]);
    const sent: string[] = [];
    const original = doc.send.bind(doc);
    doc.send = ((command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return original(command as never);
    }) as typeof doc.send;
    const read = await readVersions(stores, 'enterprises', 2021);
    expect(read).toHaveLength(2);
    expect(sent).toEqual(Array(TABLE_DESIGN.shards).fill('QueryCommand'));
  });

  it('spreads natural keys over the shards', () => {
    const used = new Set(Array.from({ length: 200 }, (_, n) => shardOf(`U${n}#2021`)));
    expect(used.size).toBe(TABLE_DESIGN.shards);
  });

  it('retries UnprocessedItems with backoff until the page is written', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
    const mock = mockClient(doc);
    const page = [version(1), version(2), version(3)];
    const leftover = { PutRequest: { Item: { pk: { S: 'x' } } } };
    mock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { t: [leftover, leftover] } })
      .resolvesOnce({ UnprocessedItems: { t: [leftover] } })
      .resolvesOnce({ UnprocessedItems: {} });
    const sleeps: number[] = [];
    const stores = dynamoStores(doc, 't', { baseDelayMs: 10, sleep: async (ms) => void sleeps.push(ms) });
    await stores.versions.writeVersions(page);
    const calls = mock.commandCalls(BatchWriteItemCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems!.t!.length)).toEqual([3, 2, 1]);
    // Marshalled once, in the version store: what goes out is DynamoDB's own attribute-value form.
    expect(calls[0]!.args[0].input.RequestItems!.t![0]!.PutRequest!.Item!.pk).toEqual({ S: 'rec#enterprises#' + page[0]!.naturalKey });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThanOrEqual(10); // the second wait is drawn from a doubled window
  });

  it('gives up with a clear error when items stay unprocessed', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));
    const mock = mockClient(doc);
    mock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: { t: [{ PutRequest: { Item: { pk: { S: 'x' } } } }] } });
    const stores = dynamoStores(doc, 't', { maxBatchAttempts: 3, sleep: async () => undefined });
    await expect(stores.versions.writeVersions([version(1)])).rejects.toThrow(/unprocessed after 3 attempts/);
  });
});

describe('submission statuses', () => {
  it('keeps the first status of an upload when the same event is recorded twice', async () => {
    const { stores } = await freshTable();
    const status: SubmissionStatus = {
      key: 'submissions/enterprises/a.csv',
      sheetIndex: 0,
      dataset: 'enterprises',
      status: 'accepted',
      rows: 1,
      accepted: 1,
      rejected: 0,
      warnings: [],
      errors: [],
      errorCount: 0,
      skipped: [],
      years: [2021],
      order: '000000000000001#01',
      processedAt: '2022-01-01T00:00:00.000Z',
      source: { key: 'submissions/enterprises/a.csv', sequencer: '01', eventTime: '2022-01-01T00:00:00.000Z' },
    };
    await stores.submissions.putStatuses([{ ...status, warnings: [] }]);
    await stores.submissions.putStatuses([{ ...status, warnings: ['second delivery'], processedAt: '2022-01-01T00:00:05.000Z' }]);
    const list = await stores.submissions.listSubmissions();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ warnings: [], processedAt: '2022-01-01T00:00:00.000Z' });
    expect(await stores.submissions.hasSubmission(status.key, status.order)).toBe(true);
  });

  it('records the statuses of one upload together or not at all', async () => {
    const { stores } = await freshTable();
    const sheet = (sheetIndex: number): SubmissionStatus => ({
      key: 'submissions/all.xlsx',
      sheet: `S${sheetIndex}`,
      sheetIndex,
      dataset: 'projects',
      status: 'accepted',
      rows: 1,
      accepted: 1,
      rejected: 0,
      warnings: [],
      errors: [],
      errorCount: 0,
      skipped: [],
      years: [2021],
      order: '000000000000002#02',
      processedAt: '2022-01-01T00:00:00.000Z',
      source: { key: 'submissions/all.xlsx', sequencer: '02', eventTime: '2022-01-01T00:00:00.000Z' },
    });
    await stores.submissions.putStatuses([sheet(1)]);
    await stores.submissions.putStatuses([sheet(0), sheet(1)]);
    expect((await stores.submissions.listSubmissions()).map((s) => s.sheet)).toEqual(['S1']);
    const { stores: fresh } = await freshTable();
    await fresh.submissions.putStatuses([sheet(0), sheet(1), sheet(2)]);
    expect((await fresh.submissions.listSubmissions()).map((s) => s.sheet)).toEqual(['S0', 'S1', 'S2']);
    // One key's statuses come from its own partition, the same items as in the list.
    await fresh.submissions.putStatuses([{ ...sheet(0), key: 'submissions/other.csv', sheet: undefined }]);
    expect(await fresh.submissions.statusesOf('submissions/all.xlsx')).toEqual(
      (await fresh.submissions.listSubmissions()).filter((s) => s.key === 'submissions/all.xlsx'),
    );
    expect((await fresh.submissions.statusesOf('submissions/all.xlsx')).map((s) => s.sheet)).toEqual(['S0', 'S1', 'S2']);
  });

  it('reads a status stored with a dataset or state that is not one of ours (an older release, a hostile folder) as none / rejected', async () => {
    const { stores } = await freshTable();
    const hostile = {
      key: 'submissions/__proto__/x.csv',
      sheetIndex: 0,
      dataset: '__proto__',
      status: 'constructor',
      rows: 0,
      accepted: 0,
      rejected: 0,
      warnings: [],
      errors: [],
      errorCount: 0,
      skipped: [],
      years: [],
      order: '000000000000003#03',
      processedAt: '2022-01-01T00:00:00.000Z',
      source: { key: 'submissions/__proto__/x.csv', sequencer: '03', eventTime: '2022-01-01T00:00:00.000Z' },
    } as unknown as SubmissionStatus;
    await stores.submissions.putStatuses([hostile]);
    expect(await stores.submissions.listSubmissions()).toEqual([expect.objectContaining({ key: hostile.key, dataset: null, status: 'rejected' })]);
  });
});
