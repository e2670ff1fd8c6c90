/** What the mailbox intake made of each message (mailbox/mailbox-poll.ts's log): one item each, listed by when it came in. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_KEYS, ITEM_PREFIXES } from '../layout';
import type { MailboxEntry } from '../mailbox/mailbox-intake';
import type { MailboxLog } from '../mailbox/mailbox-poll';
import type { DynamoTable } from './dynamo-table';

export class MailboxLogStore implements MailboxLog {
  constructor(private readonly table: DynamoTable) {}

  async put(entry: MailboxEntry): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...ITEM_KEYS.mailboxEntry(entry.received_at, entry.uid, entry.message_id, entry.outcome), entry },
      }),
    );
  }

  async list(): Promise<MailboxEntry[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${ITEM_PREFIXES.mailbox}log` } });
    return items.map((item) => item.entry as MailboxEntry);
  }
}
