/** The report-send ledger (see report/report-ledger.ts): one item per scheduled send, its lease, then "sent". */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim, SendLedger } from '../report/report-ledger';
import type { DynamoTable } from './dynamo-table';
import { ITEM_KEYS } from './item-keys';

const STATE = { '#state': 'state' };

export class SendLedgerStore implements SendLedger {
  constructor(private readonly table: DynamoTable) {}

  async claim(key: string, claimId: string, now: Date, leaseMs: number): Promise<Claim> {
    const { client, tableName } = this.table;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...ITEM_KEYS.send(key), state: 'sending', claimId, leaseUntil: now.getTime() + leaseMs, claimedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state <> :sent AND leaseUntil < :now)',
          ExpressionAttributeNames: STATE,
          ExpressionAttributeValues: { ':sent': 'sent', ':now': now.getTime() },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const out = await client.send(new GetCommand({ TableName: tableName, Key: ITEM_KEYS.send(key) }));
      return out.Item?.state === 'sent' ? 'sent' : 'busy';
    }
  }

  /** Whether a send was made (or is being made): what the campaign reads to list the reminders sent. */
  async state(key: string): Promise<'sent' | 'pending' | undefined> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.send(key) }));
    if (!out.Item) return undefined;
    return out.Item.state === 'sent' ? 'sent' : 'pending';
  }

  /** Adds a day to a list kept under the key (a reporter's reminders, whatever the settings were when each was sent). */
  async noteDay(key: string, day: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.send(key), UpdateExpression: 'ADD #days :day', ExpressionAttributeNames: { '#days': 'days' }, ExpressionAttributeValues: { ':day': new Set([day]) } }),
    );
  }

  /** The days noted under the key, in order. */
  async days(key: string): Promise<string[]> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.send(key) }));
    const days = out.Item?.days;
    return days instanceof Set ? [...days].filter((d): d is string => typeof d === 'string').sort() : [];
  }

  /** False when the lease is no longer this run's (it lapsed and another run took it). */
  async renew(key: string, claimId: string, leaseUntil: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: ITEM_KEYS.send(key),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: '#state = :sending AND claimId = :me',
          ExpressionAttributeNames: STATE,
          ExpressionAttributeValues: { ':until': leaseUntil, ':sending': 'sending', ':me': claimId },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async markSent(key: string, details: { messageId?: string; reportKey: string; sentAt: string }): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: { ...ITEM_KEYS.send(key), state: 'sent', ...details } }));
  }

  async release(key: string, claimId: string): Promise<void> {
    await this.table.client
      .send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...ITEM_KEYS.send(key), state: 'failed', leaseUntil: 0 },
          ConditionExpression: '#state = :sending AND claimId = :me',
          ExpressionAttributeNames: STATE,
          ExpressionAttributeValues: { ':sending': 'sending', ':me': claimId },
        }),
      )
      .catch((err: unknown) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      });
  }
}
