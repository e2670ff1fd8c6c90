/** What every DynamoDB adapter shares: the document client, the table, and reading a query page by page. */
import { paginateQuery, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface RepositoryOptions {
  maxBatchAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class DynamoTable {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly options: RepositoryOptions = {},
  ) {}

  async *queryPages(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Record<string, unknown>[]> {
    for await (const page of paginateQuery({ client: this.client }, { ...input, TableName: this.tableName })) yield page.Items ?? [];
  }

  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of this.queryPages(input)) items.push(...page);
    return items;
  }
}
