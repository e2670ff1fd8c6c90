/**
 * The SMTP password never reaches a log, a status, a message or an error,
 * whatever is wrong with the secret that holds it; and a mail transport that
 * failed to open (the secret unreadable for a moment) is opened again on the
 * next send. Through the real handlers, a real SMTP server on loopback and a
 * Secrets Manager stand-in (tests/support/secrets-server.ts).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestHandler } from '../../../lambdas/ingest';
import { reportHandler } from '../../../lambdas/report';
import { startSmtpSink, type SmtpSink } from '../../../scripts/local/smtp-sink';
import { MailUnavailableError } from '../../../shared/mail/mail-errors';
import { asPrincipal } from '../../../shared/storage/aws-calls';
import { loginFromSecret } from '../../../shared/storage/login-secret';
import { SMTP_SECRET_ARN } from '../../support/iam-contract';
import { freshPorts } from '../../support/local-servers';
import { startSecretsServer, type SecretsServer } from '../../support/secrets-server';
import { csv, ENTERPRISE_HEADER, uscc } from '../../support/submission-files';

const PASSWORD = 'Zq9-plain-text-password-7Yx';
let sink: SmtpSink;
let secrets: SecretsServer;

beforeAll(async () => {
  sink = await startSmtpSink({ auth: { username: 'torchline', password: PASSWORD } });
  secrets = await startSecretsServer({});
});
afterAll(async () => {
  await sink?.stop();
  await secrets?.stop();
});
afterEach(() => vi.restoreAllMocks());

const smtpEnv = (secretArn: string): Record<string, string> => ({
  TORCHLINE_MAIL_TRANSPORT: 'smtp',
  TORCHLINE_SMTP_HOST: sink.host,
  TORCHLINE_SMTP_PORT: String(sink.port),
  TORCHLINE_SMTP_SECURE: 'false',
  TORCHLINE_SMTP_CA_PEM: sink.ca,
  TORCHLINE_SMTP_SECRET_ARN: secretArn,
  TORCHLINE_SECRETS_ENDPOINT: secrets.endpoint,
  TORCHLINE_SUBMITTER_DOMAINS: 'qiye.cn',
  TORCHLINE_RECIPIENTS: 'director@yingze.gov.cn',
});

/** Everything the process writes while `work` runs: the Lambdas' logs (stdout, stderr) and the console. */
async function captured(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const keep = (chunk: unknown) => void lines.push(String(chunk));
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => (keep(chunk), out(chunk as string, ...(rest as []))));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => (keep(chunk), err(chunk as string, ...(rest as []))));
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => keep(args.map(String).join(' ')));
  try {
    await work();
  } catch (e) {
    // The error as the Lambda runtime would log it: message, stack and every cause.
    for (let cause: unknown = e; cause; cause = (cause as { cause?: unknown }).cause)
      lines.push(String((cause as Error).stack ?? cause), JSON.stringify(cause));
  }
  return lines;
}

const context = { functionName: 'ingest', awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

describe('the SMTP password in Secrets Manager', () => {
  it('never appears in a log line, status, message or error of a run whose secret is not JSON: errors name the secret', async () => {
    // The password stored as plain text, not as the JSON the stack asks for.
    secrets.values.set(SMTP_SECRET_ARN, PASSWORD);
    const ports = await freshPorts(smtpEnv(SMTP_SECRET_ARN));
    const key = 'submissions/enterprises/zhang.csv';
    await asPrincipal({ kind: 'staff' }, () =>
      ports.clients.s3.send(
        new PutObjectCommand({
          Bucket: ports.bucket,
          Key: key,
          Body: csv([ENTERPRISE_HEADER, ['BAD', '甲', 2022, 'other', 'no', 'no']]),
          Metadata: { 'submitter-email': 'zhang@qiye.cn' },
        }),
      ),
    );
    const body = JSON.stringify({
      Records: [
        { eventName: 'ObjectCreated:Put', eventTime: '2023-01-01T00:00:00Z', s3: { bucket: { name: ports.bucket }, object: { key, sequencer: '01' } } },
      ],
    });
    const event = { Records: [{ messageId: 'm1', body, attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent;
    const logger = new Logger({ serviceName: 'torchline-ingest', logLevel: 'DEBUG' });
    const lines = await captured(async () => {
      await ingestHandler(() => ports.torchline, logger)(event, context);
      // The report's run fails to send, and fails the invocation: its error is what the runtime logs.
      await reportHandler(() => ports.torchline, new Logger({ serviceName: 'torchline-report', logLevel: 'DEBUG' }))({ year: 2022 });
    });
    const statuses = await asPrincipal({ kind: 'harness' }, () => ports.submissions.listSubmissions());
    const everything = [...lines, JSON.stringify(statuses)].join('\n');
    expect(everything).toContain('receipt to the submitter');
    expect(everything).toContain(`the secret ${SMTP_SECRET_ARN} is not JSON`);
    expect(everything).not.toContain(PASSWORD);
    // JSON.parse quotes the first characters only: those are searched for too.
    expect(everything).not.toContain(PASSWORD.slice(0, 8));
    expect(sink.received.some((m) => m.to.includes('zhang@qiye.cn'))).toBe(false);
  });

  it('never quotes the secret when it lacks a field or is not JSON', () => {
    for (const text of [PASSWORD, `{"username": "u", "pass": "${PASSWORD}"}`, `["${PASSWORD}"]`, `{"password": "${PASSWORD}"`]) {
      let message = '';
      try {
        loginFromSecret(text, 'arn:secret:x');
      } catch (e) {
        message = `${(e as Error).message} ${String((e as Error).stack)} ${String((e as Error).cause ?? '')}`;
      }
      expect(message).toMatch(/^the secret arn:secret:x /);
      expect(message).not.toContain(PASSWORD);
    }
  });

  it('opens the mail transport again on the next send when the secret could not be read the first time', async () => {
    secrets.values.set(SMTP_SECRET_ARN, JSON.stringify({ username: 'torchline', password: PASSWORD }));
    const ports = await freshPorts(smtpEnv(SMTP_SECRET_ARN));
    const raw = Buffer.from(`From: ${ports.config.sender}\r\nTo: officer@yingze.gov.cn\r\nSubject: t\r\n\r\nhello\r\n`);
    secrets.failNext = 1;
    const before = secrets.calls;
    await expect(asPrincipal({ kind: 'report' }, () => ports.mailer.sendRawEmail(raw))).rejects.toBeInstanceOf(MailUnavailableError);
    await expect(asPrincipal({ kind: 'report' }, () => ports.mailer.sendRawEmail(raw))).resolves.toBeTruthy();
    expect(secrets.calls - before).toBe(2);
    expect(sink.received.at(-1)!.to).toEqual(['officer@yingze.gov.cn']);
  });
});
