/** The send ledger (mail/send-ledger.ts): one item per message sent once, its lease, its hand-over, and what became of it. */
import { ITEM_KEYS } from '../layout';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim, SendLedger, SendRecord, SendState } from '../mail/send-ledger';
import type { DynamoTable } from './dynamo-table';

const STATE = { '#state': 'state' };
const SEND_STATES: readonly string[] = ['sending', 'handed', 'sent', 'refused', 'failed'] satisfies SendState[];

/** Runs a conditional write; false when its condition did not hold. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

export class SendLedgerStore implements SendLedger {
  constructor(private readonly table: DynamoTable) {}

  async claim(key: string, claimId: string, now: Date, leaseMs: number): Promise<Claim> {
    const { client, tableName } = this.table;
    const claimed = await conditional(() =>
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...ITEM_KEYS.send(key), state: 'sending', claimId, leaseUntil: now.getTime() + leaseMs, claimedAt: now.toISOString() },
          // New, freed after the service did not take it, or claimed by a run whose lease lapsed before it handed the message over.
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: STATE,
          ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':now': now.getTime() },
        }),
      ),
    );
    if (claimed) return 'claimed';
    return (await this.record(key))?.state === 'sending' ? 'busy' : 'sent';
  }

  async record(key: string): Promise<SendRecord | undefined> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.send(key) }));
    const state = out.Item?.state;
    if (typeof state !== 'string' || !SEND_STATES.includes(state)) return undefined;
    const reason = out.Item?.reason;
    return { state: state as SendState, ...(typeof reason === 'string' ? { reason } : {}) };
  }

  /** Adds a day to a list kept under the key (a reporter's reminders, whatever the settings were when each was sent). */
  async noteDay(key: string, day: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: ITEM_KEYS.send(key),
        UpdateExpression: 'ADD #days :day',
        ExpressionAttributeNames: { '#days': 'days' },
        ExpressionAttributeValues: { ':day': new Set([day]) },
      }),
    );
  }

  /** The days noted under the key, in order. */
  async days(key: string): Promise<string[]> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.send(key) }));
    const days = out.Item?.days;
    return days instanceof Set ? [...days].filter((d): d is string => typeof d === 'string').sort() : [];
  }

  /** False when the lease is no longer this run's (it lapsed and another run took it). */
  renew(key: string, claimId: string, leaseUntil: number): Promise<boolean> {
    return this.ownUpdate(key, claimId, 'sending', 'SET leaseUntil = :until', { ':until': leaseUntil });
  }

  markHanded(key: string, claimId: string, at: Date): Promise<boolean> {
    return this.ownUpdate(key, claimId, 'sending', 'SET #state = :handed, handedAt = :at', { ':handed': 'handed', ':at': at.toISOString() });
  }

  async markSent(key: string, details: { messageId?: string; reportKey: string; sentAt: string }): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: { ...ITEM_KEYS.send(key), state: 'sent', ...details } }));
  }

  async markRefused(key: string, reason: string, at: Date): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: ITEM_KEYS.send(key),
        UpdateExpression: 'SET #state = :refused, reason = :reason, refusedAt = :at',
        ExpressionAttributeNames: STATE,
        ExpressionAttributeValues: { ':refused': 'refused', ':reason': reason, ':at': at.toISOString() },
      }),
    );
  }

  /** Frees this run's claim, before the hand-over or after a service that did not take the message. */
  async release(key: string, claimId: string, reason?: string): Promise<void> {
    await conditional(() =>
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...ITEM_KEYS.send(key), state: 'failed', leaseUntil: 0, ...(reason ? { reason } : {}) },
          ConditionExpression: '(#state = :sending OR #state = :handed) AND claimId = :me',
          ExpressionAttributeNames: STATE,
          ExpressionAttributeValues: { ':sending': 'sending', ':handed': 'handed', ':me': claimId },
        }),
      ),
    );
  }

  private ownUpdate(key: string, claimId: string, state: SendState, update: string, values: Record<string, unknown>): Promise<boolean> {
    return conditional(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: ITEM_KEYS.send(key),
          UpdateExpression: update,
          ConditionExpression: '#state = :own AND claimId = :me',
          ExpressionAttributeNames: STATE,
          ExpressionAttributeValues: { ...values, ':own': state, ':me': claimId },
        }),
      ),
    );
  }
}
