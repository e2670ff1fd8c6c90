/** An operator's settings (report/operator-settings.ts): one item each, under one partition key. */
import { ITEM_KEYS } from '../layout';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OperatorSettings, SettingName, SettingsStore } from '../report/operator-settings';
import type { DynamoTable } from './dynamo-table';

export class DynamoSettingsStore implements SettingsStore {
  constructor(private readonly table: DynamoTable) {}

  async getSetting<K extends SettingName>(name: K): Promise<OperatorSettings[K] | undefined> {
    const out = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.setting(name) }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...value } = out.Item;
    return value as OperatorSettings[K];
  }

  async putSetting<K extends SettingName>(name: K, value: OperatorSettings[K]): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: { ...value, ...ITEM_KEYS.setting(name) } }));
  }

  async deleteSetting(name: SettingName): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: ITEM_KEYS.setting(name) }));
  }
}
