/**
 * A stand-in for AWS Secrets Manager on loopback, for the one call the code
 * makes (GetSecretValue, over the service's JSON protocol): no emulator of
 * it ships on npm. It answers the secrets it was given, refuses the next
 * `failNext` calls as AWS refuses a secret it cannot find, and counts calls.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SecretsServer {
  endpoint: string;
  /** The secrets served, by ARN: a test may change one between calls. */
  values: Map<string, string>;
  calls: number;
  failNext: number;
  stop(): Promise<void>;
}

export async function startSecretsServer(secrets: Record<string, string>): Promise<SecretsServer> {
  const state = { calls: 0, failNext: 0, values: new Map(Object.entries(secrets)) };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.calls++;
      const target = String(req.headers['x-amz-target'] ?? '');
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const answer = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const known = SecretId !== undefined && state.values.has(SecretId);
      if (target !== 'secretsmanager.GetSecretValue') return answer(400, { __type: 'InvalidRequestException', message: `not served here: ${target}` });
      if (state.failNext > 0 || !known) {
        state.failNext = Math.max(0, state.failNext - 1);
        return answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      }
      answer(200, {
        ARN: SecretId,
        Name: SecretId!.split(':').pop(),
        SecretString: state.values.get(SecretId!),
        VersionId: 'v1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_700_000_000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
