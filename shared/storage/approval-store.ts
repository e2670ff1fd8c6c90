/** A year's approval (contract 14): one item per year, with its history. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_KEYS } from '../layout';
import type { YearApproval } from '../domain/approval';
import type { DynamoTable } from './dynamo-table';

export class ApprovalStore {
  constructor(private readonly table: DynamoTable) {}

  async approval(year: number): Promise<YearApproval | undefined> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.approval(year) }));
    return out.Item ? (out.Item.approval as YearApproval) : undefined;
  }

  async putApproval(approval: YearApproval): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: { ...ITEM_KEYS.approval(approval.year), approval } }));
  }
}
