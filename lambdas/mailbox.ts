/**
 * Mailbox Lambda: invoked every few minutes by EventBridge Scheduler with
 * {kind: 'poll'} (reads the bureau's mailbox, contract 13), or by the
 * operator CLI with {kind: 'assign', messageId, org} (an unknown sender's
 * message handed to a unit).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import type { MailboxEntry } from '../shared/mailbox/mailbox-intake';
import { asPrincipal, torchlineFromEnv, type Torchline } from '../shared/torchline';

const EVENT = z.union([
  z.object({ kind: z.literal('poll') }).strict(),
  z.object({ kind: z.literal('assign'), messageId: z.string().min(1).max(998), org: z.string().regex(/^[A-Za-z0-9-]{1,32}$/) }).strict(),
]);

export type MailboxResponse = { handled: number; left: number } | { assigned: MailboxEntry | null };

export function mailboxHandler(torchline: () => Torchline, logger = new Logger({ serviceName: 'torchline-mailbox' })) {
  return async (event: unknown): Promise<MailboxResponse> =>
    asPrincipal({ kind: 'mailbox' }, async () => {
      const parsed = EVENT.safeParse(event ?? {});
      if (!parsed.success) throw new Error(`not a mailbox event: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
      const app = torchline();
      if (parsed.data.kind === 'assign') {
        const entry = await app.operator.assignMessage(parsed.data.messageId, parsed.data.org);
        logger.info('message assigned', { messageId: parsed.data.messageId, org: parsed.data.org, outcome: entry?.outcome ?? 'no such message kept' });
        return { assigned: entry ?? null };
      }
      const run = await app.mailbox();
      for (const e of run.entries)
        logger.info('message handled', { messageId: e.message_id, outcome: e.outcome, orgs: e.orgs, files: e.files.length, reply: e.reply });
      if (run.left > 0) logger.info('messages left for the next poll', { left: run.left });
      return { handled: run.entries.length, left: run.left };
    });
}

/** Built once per cold start, from the environment the stack gives the function. */
let root: Torchline | undefined;
export const handler = mailboxHandler(() => (root ??= torchlineFromEnv(process.env)));
