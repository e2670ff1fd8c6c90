/**
 * AWS SDK clients, created on first use. Endpoints can be pointed at the
 * local emulators with TORCHLINE_*_ENDPOINT (the local stack sets them).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/** What the emulators expect (s3rver checks signatures against these); never used against AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface AwsClients {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  ses: SESv2Client;
}

export function createAwsClients(env: NodeJS.ProcessEnv = process.env): AwsClients {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'cn-north-1';
  const local = (endpoint: string | undefined) =>
    endpoint
      ? {
          endpoint,
          credentials: LOCAL_CREDENTIALS,
        }
      : {};
  const s3Local = Boolean(env.TORCHLINE_S3_ENDPOINT);
  const s3 = new S3Client({
    region,
    ...local(env.TORCHLINE_S3_ENDPOINT),
    forcePathStyle: s3Local,
    // s3rver stores aws-chunked bodies (the SDK's default for streamed uploads with checksums) verbatim.
    ...(s3Local ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region, ...local(env.TORCHLINE_DYNAMODB_ENDPOINT) }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const ses = new SESv2Client({ region, ...local(env.TORCHLINE_SES_ENDPOINT) });
  return { s3, dynamo, ses };
}

let cached: AwsClients | undefined;

export function awsClients(): AwsClients {
  cached ??= createAwsClients();
  return cached;
}

/** Forget cached clients (the local runner re-points them after starting servers). */
export function resetAwsClients(): void {
  cached = undefined;
}
