/** The daily allowance of checked workbooks per address: one counter item per address and day. */
import { ITEM_KEYS } from '../layout';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MailQuota } from '../ingest/ports';
import type { DynamoTable } from './dynamo-table';

export class MailQuotaStore implements MailQuota {
  constructor(private readonly table: DynamoTable) {}

  async take(address: string, day: string, limit: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: ITEM_KEYS.mailQuota(address, day),
          UpdateExpression: 'ADD sent :one',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': limit },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
