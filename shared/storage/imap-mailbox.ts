/**
 * The bureau's mailbox over IMAP with TLS (imapflow): the unseen messages of
 * its folder, oldest first, each fetched whole only when within the size
 * limit (else its header alone), and a handled message marked seen and moved
 * to the done folder (created when missing).
 */
import { ImapFlow } from 'imapflow';
import type { MailboxSource, SourceMessage } from '../mailbox/mailbox-source';
import { MailUnavailableError } from '../mail/mail-errors';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { TorchlineConfig } from '../config';
import type { AwsClients } from './aws-clients';
import { loginFromSecret } from './login-secret';
import { MailboxNotConfiguredError } from './storage-errors';

export interface ImapSettings {
  host: string;
  port: number;
  folder: string;
  doneFolder: string;
  /** A local test server's certificate; the system's CAs otherwise. */
  caPem?: string;
  credentials: () => Promise<{ username: string; password: string }>;
}

export async function imapMailbox(settings: ImapSettings): Promise<MailboxSource> {
  const { username, password } = await settings.credentials();
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: true,
    auth: { user: username, pass: password },
    ...(settings.caPem ? { tls: { ca: [settings.caPem] } } : {}),
    logger: false,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  try {
    await client.connect();
  } catch (err) {
    throw new MailUnavailableError(`the mailbox ${settings.host}:${settings.port} could not be reached or refused the login (${(err as Error).message})`, {
      cause: err,
    });
  }
  const lock = await client.getMailboxLock(settings.folder);
  let doneFolderReady = false;
  return {
    async *unseen(maxBytes: number): AsyncIterable<SourceMessage> {
      const uids = ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
      for (const uid of uids) {
        const meta = await client.fetchOne(String(uid), { size: true, internalDate: true }, { uid: true });
        if (!meta) continue;
        const size = meta.size ?? 0;
        const receivedAt = meta.internalDate instanceof Date ? meta.internalDate : new Date(meta.internalDate ?? Date.now());
        const truncated = size > maxBytes;
        // BODY.PEEK: reading a message does not mark it seen; only a handled one is.
        const got = await client.fetchOne(String(uid), truncated ? { headers: true } : { source: true }, { uid: true });
        if (!got) continue;
        const raw = truncated ? (got.headers ?? Buffer.alloc(0)) : (got.source ?? Buffer.alloc(0));
        yield { uid, receivedAt, raw, size, truncated };
      }
    },
    async done(uid: number) {
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      if (!doneFolderReady) {
        await client.mailboxCreate(settings.doneFolder).catch(() => undefined);
        doneFolderReady = true;
      }
      await client.messageMove(String(uid), settings.doneFolder, { uid: true });
    },
    async close() {
      lock.release();
      await client.logout().catch(() => client.close());
    },
  };
}

/** The bureau's IMAP server as configured, its login from Secrets Manager. */
export async function configuredMailbox(clients: AwsClients, config: TorchlineConfig): Promise<MailboxSource> {
  if (!config.mailboxHost || !config.mailboxSecretArn) {
    throw new MailboxNotConfiguredError('没有配置报送邮箱 no mailbox is configured: deploy with -c torchline:mailboxHost=… -c torchline:mailboxSecretArn=…');
  }
  return imapMailbox({
    host: config.mailboxHost,
    port: config.mailboxPort,
    folder: config.mailboxFolder,
    doneFolder: config.mailboxDoneFolder,
    ...(config.mailboxCaPem ? { caPem: config.mailboxCaPem } : {}),
    credentials: async () => {
      const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: config.mailboxSecretArn }));
      return loginFromSecret(secret.SecretString, config.mailboxSecretArn);
    },
  });
}
