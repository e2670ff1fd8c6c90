/**
 * The mailbox Lambda as the stack runs it: its settings from the environment,
 * its login from Secrets Manager (the stand-in on loopback), the bureau's
 * IMAP server (Dovecot over TLS) polled on the scheduler's event; a bad event
 * or a wrong login fails the invocation, naming why.
 */
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mailboxHandler } from '../../lambdas/mailbox';
import { torchlineFromEnv } from '../../shared/torchline';
import { freshPorts } from '../support/local-servers';
import { startSecretsServer, type SecretsServer } from '../support/secrets-server';
import { composedMessage } from '../support/mail-fixtures';
import { MAILBOX_SECRET_ARN } from '../support/iam-contract';

// The secret the permission contract's stacks name (a deployed stack grants its mailbox role that one alone).
const ARN = MAILBOX_SECRET_ARN;
let secrets: SecretsServer;
let env: Record<string, string>;
const quiet = new Logger({ serviceName: 'torchline-mailbox', logLevel: 'ERROR' });

beforeAll(async () => {
  const { host, port, ca, user, password } = inject('imap');
  secrets = await startSecretsServer({ [ARN]: JSON.stringify({ username: user, password }) });
  const folder = `L${randomUUID().slice(0, 8)}`;
  const client = new ImapFlow({ host, port, secure: true, auth: { user, pass: password }, tls: { ca: [ca] }, logger: false });
  await client.connect();
  await client.mailboxCreate(folder);
  await client.append(folder, await composedMessage({ from: 'stranger@mailbox-lambda.cn', messageId: '<l1@qiye.cn>' }));
  await client.append(
    folder,
    await composedMessage({ from: 'li@mailbox-lambda.cn', messageId: '<l2@qiye.cn>', headers: { 'Auto-Submitted': 'auto-replied' } }),
  );
  await client.logout();
  const ports = await freshPorts();
  env = {
    ...ports.env,
    TORCHLINE_MAILBOX_HOST: host,
    TORCHLINE_MAILBOX_PORT: String(port),
    TORCHLINE_MAILBOX_SECRET_ARN: ARN,
    TORCHLINE_MAILBOX_FOLDER: folder,
    TORCHLINE_MAILBOX_CA_PEM: ca,
    TORCHLINE_SECRETS_ENDPOINT: secrets.endpoint,
  };
});

afterAll(async () => {
  await secrets?.stop();
});

describe('the mailbox Lambda', () => {
  it("reads the configured mailbox with the secret's login on the scheduler's event, and handles each message once", async () => {
    const handler = mailboxHandler(() => torchlineFromEnv(env), quiet);
    expect(await handler({ kind: 'poll' })).toEqual({ handled: 2, left: 0 });
    expect(await handler({ kind: 'poll' })).toEqual({ handled: 0, left: 0 });
    expect(secrets.calls).toBeGreaterThanOrEqual(1);
  });

  it('fails on an event that is not its own, and on a login the server refuses, saying which', async () => {
    const handler = mailboxHandler(() => torchlineFromEnv(env), quiet);
    await expect(handler({ kind: 'report' })).rejects.toThrow(/not a mailbox event/);
    secrets.values.set(ARN, JSON.stringify({ username: 'bureau', password: 'wrong' }));
    await expect(mailboxHandler(() => torchlineFromEnv(env), quiet)({ kind: 'poll' })).rejects.toThrow(/refused the login/);
  });
});
