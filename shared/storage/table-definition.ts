/**
 * The table's key schema and index as a CreateTable input: used by the local
 * stack; the CDK storage construct builds the same from TABLE_DESIGN.
 */
import { TABLE_DESIGN } from '../layout';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export function tableDefinition(): Omit<CreateTableCommandInput, 'TableName'> {
  const { partitionKey, sortKey, index } = TABLE_DESIGN;
  return {
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' },
      { AttributeName: sortKey, AttributeType: 'S' },
      { AttributeName: index.partitionKey, AttributeType: 'S' },
      { AttributeName: index.sortKey, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
