/** The year's indicators as computed, kept as JSON text so they read back exactly (key order included). */
import { ITEM_KEYS } from '../layout';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IndicatorsDocument } from '../report/indicator-table';
import type { DynamoTable } from './dynamo-table';

export class SnapshotStore {
  constructor(private readonly table: DynamoTable) {}

  async putSnapshot(year: number, indicators: IndicatorsDocument, at: Date): Promise<void> {
    const Item = { ...ITEM_KEYS.snapshot(year), year, indicators: JSON.stringify(indicators), storedAt: at.toISOString() };
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item }));
  }

  async getSnapshot(year: number): Promise<IndicatorsDocument | undefined> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.snapshot(year) }));
    return out.Item ? (JSON.parse(out.Item.indicators as string) as IndicatorsDocument) : undefined;
  }
}
