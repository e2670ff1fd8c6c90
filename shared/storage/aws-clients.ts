/**
 * AWS SDK clients for one composition root (shared/torchline.ts). Nothing is
 * cached in module globals: whoever composes the app (a Lambda at cold
 * start, the local runner, the CLI, a test) creates its clients from the
 * settings it was given and owns them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsClientSettings } from '../config';
import type { InitializeMiddleware } from '@smithy/types';
import { reportAwsCall } from './aws-calls';
import { MAIL_TIMEOUTS } from '../mail/mail-timeouts';

/** What the emulators expect (s3rver checks signatures against these); never used against AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface AwsClients {
  s3: S3Client;
  dynamo: DynamoDBDocumentClient;
  ses: SESv2Client;
  /** Reads the SMTP password's secret (mailTransport = smtp). */
  secrets: SecretsManagerClient;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/** The part of a client's middleware stack this file uses: one initialize step, for any command of any client. */
interface WatchableStack {
  add(middleware: InitializeMiddleware<object, object>, options: { step: 'initialize'; name: string; override: boolean }): void;
}

/** Every call of the client to the observer of aws-calls.ts (the document client shares its base client's stack). */
function watch(service: string, client: { middlewareStack: unknown }): void {
  const middleware: InitializeMiddleware<object, object> = (next, context) => async (args) => {
    reportAwsCall(service, String(context.commandName ?? ''), args.input);
    return next(args);
  };
  (client.middlewareStack as WatchableStack).add(middleware, { step: 'initialize', name: 'torchlineObserveCalls', override: true });
}

export function createAwsClients(settings: AwsClientSettings): AwsClients {
  const { region, endpoints } = settings;
  const local = (endpoint: string | undefined) => (endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {});
  const s3Local = Boolean(endpoints.s3);
  const s3 = new S3Client({
    region,
    ...local(endpoints.s3),
    forcePathStyle: s3Local,
    // s3rver stores aws-chunked bodies (the SDK's default for streamed uploads with checksums) verbatim.
    ...(s3Local ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region, ...local(endpoints.dynamodb) }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  // Mail requests end well inside the send ledger's lease (mail/mail-timeouts.ts).
  const ses = new SESv2Client({
    region,
    ...local(endpoints.ses),
    requestHandler: { connectionTimeout: MAIL_TIMEOUTS.connectMs, requestTimeout: MAIL_TIMEOUTS.socketMs },
  });
  const secrets = new SecretsManagerClient({ region, ...local(endpoints.secrets) });
  for (const [service, client] of [
    ['S3', s3],
    ['DynamoDB', dynamo],
    ['SESv2', ses],
    ['SecretsManager', secrets],
  ] as const)
    watch(service, client);
  return {
    s3,
    dynamo,
    ses,
    secrets,
    destroy: () => {
      s3.destroy();
      dynamo.destroy();
      ses.destroy();
      secrets.destroy();
    },
  };
}
