/**
 * The synthesized policies allow exactly the keys the code writes and reads:
 * every key here is built by shared/layout.ts, as the code builds it, and
 * each principal's calls on them are evaluated against the stack's policies
 * (the permission contract of tests/support/iam-contract.ts). A key the
 * layout changes without its policy, or a policy that drifts from the
 * layout, fails by name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordVersion } from '../../shared/domain/record-version';
import { ITEM_KEYS, OBJECT_KEYS, S3_PREFIXES, SEND_KEYS, SUBMISSIONS_PARTITION, TABLE_DESIGN, versionPartition } from '../../shared/layout';
import type { AwsCall, Principal } from '../../shared/storage/aws-calls';
import { STATUS_ITEM_ATTRIBUTES } from '../../shared/storage/submission-store';
import { denials, synthesizedPolicies, type ContractPolicies } from '../support/iam-contract';

let policies: ContractPolicies;
beforeAll(() => {
  policies = synthesizedPolicies();
}, 120_000);

const ORG = '91140105MA0GRJ0R1X';
const OTHER = '91140105MA0GRJ0R2Y';
const STAFF_UPLOAD = `${S3_PREFIXES.submissions}enterprises/2021.xlsx`;
const OWN_UPLOAD = `${S3_PREFIXES.submitters}${ORG}/enterprises/2021.xlsx`;
const version: RecordVersion = {
  dataset: 'enterprises',
  naturalKey: `${ORG}#2021`,
  year: 2021,
  order: '0001',
  sheetIndex: 0,
  row: 2,
  record: {},
  source: { key: OWN_UPLOAD, sequencer: '1', eventTime: '' },
};
const ingest: Principal = { kind: 'ingest' };
const report: Principal = { kind: 'report' };
const call = (principal: Principal, service: string, command: string, input: unknown): AwsCall => ({ principal, service, command, input });
const item = (principal: Principal, command: string, key: { pk: string; sk?: string }) =>
  call(principal, 'DynamoDB', command, command === 'Put' ? { Item: key } : { Key: key });
const query = (principal: Principal, pk: string) =>
  call(principal, 'DynamoDB', 'Query', { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
const indexQuery = (principal: Principal, partition: string) =>
  call(principal, 'DynamoDB', 'Query', {
    IndexName: TABLE_DESIGN.index.name,
    KeyConditionExpression: '#g = :g',
    ExpressionAttributeNames: { '#g': TABLE_DESIGN.index.partitionKey },
    ExpressionAttributeValues: { ':g': partition },
  });
const object = (principal: Principal, command: string, key: string) =>
  call(principal, 'S3', command, { Key: key, ...(command === 'GetObject' && key.startsWith('sub') ? { VersionId: 'v1' } : {}) });

describe('the policies and the layout of keys', () => {
  it('let each principal reach every key the layout builds for its work', async () => {
    const status = ITEM_KEYS.status(OWN_UPLOAD, '0001', 0);
    const statusItem = Object.fromEntries(STATUS_ITEM_ATTRIBUTES.map((a) => [a, (status as Record<string, unknown>)[a] ?? 'x']));
    const reportFolder = OBJECT_KEYS.reportFolder(2021, new Date('2022-01-15T01:00:00Z'));
    const calls = [
      object(ingest, 'GetObject', STAFF_UPLOAD),
      object(ingest, 'GetObject', OWN_UPLOAD),
      ...[STAFF_UPLOAD, OWN_UPLOAD]
        .flatMap((k) => [OBJECT_KEYS.checkedWorkbook(k), OBJECT_KEYS.errorReport(k).csv, OBJECT_KEYS.errorReport(k).json])
        .map((k) => object(ingest, 'PutObject', k)),
      call(ingest, 'DynamoDB', 'BatchWriteItem', { RequestItems: { t: [{ PutRequest: { Item: { pk: { S: ITEM_KEYS.version(version).pk } } } }] } }),
      query(ingest, ITEM_KEYS.record('projects', 'YZKJ-2021-001')),
      query(ingest, ITEM_KEYS.submission(OWN_UPLOAD)),
      call(ingest, 'DynamoDB', 'TransactWrite', { TransactItems: [{ Put: { Item: statusItem } }] }),
      item(ingest, 'Update', ITEM_KEYS.mailQuota('a@qiye.cn', '2022-03-01')),
      item(ingest, 'Get', ITEM_KEYS.setting('aliases')),
      ...['Get', 'Put', 'Update'].map((c) => item(ingest, c, ITEM_KEYS.send(SEND_KEYS.receipt(OWN_UPLOAD, '0001')))),
      indexQuery(report, versionPartition('enterprises', 2021, 3)),
      indexQuery(report, versionPartition('projects', 'all', 0)),
      indexQuery(report, SUBMISSIONS_PARTITION),
      item(report, 'Put', ITEM_KEYS.snapshot(2021)),
      ...[
        SEND_KEYS.scheduled('annual', '2022-01-15T01:00:00Z'),
        SEND_KEYS.reminder(2021, 'enterprises', ORG, '2022-03-24'),
        SEND_KEYS.reminderList(2021, 'enterprises', ORG),
        SEND_KEYS.campaignStatus(2021, 'Chu@yingze.gov.cn', 'abc'),
      ].flatMap((k) => ['Get', 'Put', 'Update'].map((c) => item(report, c, ITEM_KEYS.send(k)))),
      item(report, 'Get', ITEM_KEYS.setting('recipients')),
      object(report, 'PutObject', `${reportFolder}report-2021.xlsx`),
      object(report, 'GetObject', `${reportFolder}report-2021.xlsx`),
      object({ kind: 'submitter', org: ORG }, 'PutObject', OWN_UPLOAD),
      object({ kind: 'submitter', org: ORG }, 'GetObject', OBJECT_KEYS.checkedWorkbook(OWN_UPLOAD)),
      object({ kind: 'staff' }, 'PutObject', STAFF_UPLOAD),
      object({ kind: 'staff' }, 'GetObject', OBJECT_KEYS.checkedWorkbook(STAFF_UPLOAD)),
      object({ kind: 'operator' }, 'GetObject', `${reportFolder}review-2021.json`),
      item({ kind: 'operator' }, 'Update', ITEM_KEYS.status(STAFF_UPLOAD, '0001', 0)),
      ...['Get', 'Put', 'Delete'].map((c) => item({ kind: 'operator' }, c, ITEM_KEYS.setting('campaign'))),
    ];
    expect(await denials(policies, calls)).toEqual([]);
  });

  it("refuse each principal the layout's keys that are not its work", async () => {
    const refused = [
      // The ingest reaches no send but receipts, and writes no report.
      item(ingest, 'Put', ITEM_KEYS.send(SEND_KEYS.reminder(2021, 'enterprises', ORG, '2022-03-24'))),
      object(ingest, 'PutObject', `${OBJECT_KEYS.reportFolder(2021, new Date())}report-2021.xlsx`),
      // The report writes no setting, no status, no record.
      item(report, 'Put', ITEM_KEYS.setting('recipients')),
      item(report, 'Put', ITEM_KEYS.status(STAFF_UPLOAD, '0001', 0)),
      // A unit reaches nothing of another's.
      object({ kind: 'submitter', org: ORG }, 'PutObject', `${S3_PREFIXES.submitters}${OTHER}/enterprises/2021.xlsx`),
      object({ kind: 'submitter', org: ORG }, 'GetObject', OBJECT_KEYS.checkedWorkbook(`${S3_PREFIXES.submitters}${OTHER}/enterprises/2021.xlsx`)),
      // Staff read no reports.
      object({ kind: 'staff' }, 'GetObject', `${OBJECT_KEYS.reportFolder(2021, new Date())}report-2021.xlsx`),
    ];
    expect((await denials(policies, refused)).map((d) => `${d.principal} ${d.action}`)).toEqual(
      refused.map((c) => {
        const who = c.principal!.kind === 'submitter' ? `submitter ${ORG}` : c.principal!.kind;
        return `${who} ${c.service === 'S3' ? `s3:${c.command}` : `dynamodb:${c.command}Item`}`;
      }),
    );
  });
});
