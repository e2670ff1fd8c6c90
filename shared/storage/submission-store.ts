/** Submission statuses: one item per sheet of an upload, all of an upload's written together. */
import { ITEM_KEYS, withoutKeys, SUBMISSIONS_PARTITION, TABLE_DESIGN } from '../layout';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isDatasetName } from '../domain/datasets';
import { isSubmissionState, type SubmissionStatus, type Withdrawal } from '../domain/submission-status';
import type { DynamoTable } from './dynamo-table';

/** Every attribute a status item may have as the ingest writes it: its keys and the status's fields, never `withdrawn` (infra/policies.ts). */
const STATUS_FIELDS = {
  key: true,
  sheet: true,
  fileSheet: true,
  sheetIndex: true,
  dataset: true,
  status: true,
  rows: true,
  accepted: true,
  rejected: true,
  warnings: true,
  errors: true,
  errorCount: true,
  skipped: true,
  years: true,
  source: true,
  order: true,
  processedAt: true,
  errorReport: true,
  checkedWorkbook: true,
  withdrawn: false,
  heldState: true,
} as const satisfies Record<keyof SubmissionStatus, boolean>;
export const STATUS_ITEM_ATTRIBUTES: readonly string[] = [
  TABLE_DESIGN.partitionKey,
  TABLE_DESIGN.sortKey,
  TABLE_DESIGN.index.partitionKey,
  TABLE_DESIGN.index.sortKey,
  ...Object.entries(STATUS_FIELDS).flatMap(([name, written]) => (written ? [name] : [])),
];

/** A status item as the status it holds. */
function statusOf(item: Record<string, unknown>): SubmissionStatus {
  const status = withoutKeys(item);
  // A status stored by an older release from a hostile folder name (`__proto__`) must not stop every
  // report that reads it: a dataset or state that is not one of ours reads as none / rejected.
  if (!isDatasetName(status.dataset)) status.dataset = null;
  if (!isSubmissionState(status.status)) status.status = 'rejected';
  return status as unknown as SubmissionStatus;
}

export class SubmissionStore {
  constructor(private readonly table: DynamoTable) {}

  /** True when this upload (key + order) was already fully processed. */
  async hasSubmission(key: string, order: string): Promise<boolean> {
    const out = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
        ExpressionAttributeValues: { ':pk': ITEM_KEYS.submission(key), ':order': `${order}#` },
        Limit: 1,
        ProjectionExpression: 'pk',
      }),
    );
    return (out.Items?.length ?? 0) > 0;
  }

  /**
   * The statuses of one upload (one per sheet) are written in one transaction:
   * they appear together or not at all, so a retry after a fault never finds
   * half of them and takes the upload for done. Each is conditional on being
   * new, so a second delivery racing the first changes nothing.
   */
  async putStatuses(statuses: SubmissionStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    if (statuses.length > 100) throw new Error(`an upload with ${statuses.length} sheets is more than one transaction can record`);
    const TransactItems = statuses.map((status) => ({
      Put: {
        TableName: this.table.tableName,
        Item: { ...ITEM_KEYS.status(status.key, status.order, status.sheetIndex), ...status },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems }));
    } catch (err) {
      const alreadyRecorded = err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
      if (!alreadyRecorded) throw err;
    }
  }

  /** Takes an upload back: every sheet's status becomes withdrawn, with who, when and why; the file and its versions stay. */
  async withdraw(statuses: readonly SubmissionStatus[], withdrawal: Withdrawal): Promise<void> {
    for (const status of statuses) {
      await this.updateStatus(status, {
        UpdateExpression: 'SET #status = :withdrawn, withdrawn = :w',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':withdrawn': 'withdrawn', ':w': withdrawal },
      });
    }
  }

  /** Releases uploads a locked year held (contract 14): each becomes its own state again, so it counts. */
  async release(statuses: readonly SubmissionStatus[]): Promise<void> {
    for (const status of statuses) {
      if (status.status !== 'locked' || !status.heldState) continue;
      await this.updateStatus(status, {
        UpdateExpression: 'SET #status = :state REMOVE heldState',
        ConditionExpression: '#status = :locked',
        ExpressionAttributeValues: { ':state': status.heldState, ':locked': 'locked' },
      });
    }
  }

  /** One change to a sheet's status item (`#status` names its state). */
  private async updateStatus(
    status: SubmissionStatus,
    update: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> },
  ): Promise<void> {
    const { pk, sk } = ITEM_KEYS.status(status.key, status.order, status.sheetIndex);
    await this.table.client.send(
      new UpdateCommand({ TableName: this.table.tableName, Key: { pk, sk }, ExpressionAttributeNames: { '#status': 'status' }, ...update }),
    );
  }

  /** Every submission status, in upload order. */
  async listSubmissions(): Promise<SubmissionStatus[]> {
    const { index } = TABLE_DESIGN;
    const items = await this.table.queryAll({
      IndexName: index.name,
      KeyConditionExpression: '#g = :g',
      ExpressionAttributeNames: { '#g': index.partitionKey },
      ExpressionAttributeValues: { ':g': SUBMISSIONS_PARTITION },
    });
    return items.map(statusOf);
  }

  /** The statuses of one object key, every upload of it, in upload order (one partition, not the whole list). */
  async statusesOf(key: string): Promise<SubmissionStatus[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': ITEM_KEYS.submission(key) } });
    return items.map(statusOf);
  }
}
