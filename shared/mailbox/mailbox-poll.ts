/**
 * One poll of the bureau's mailbox: its unseen messages, oldest first, each
 * handled once (mailbox-intake.ts), listed for the officer, and moved out of
 * the folder once done. A poll stops taking new messages at its deadline
 * (a Lambda run's 15 minutes, less a margin): the rest stay unseen for the
 * next poll, so none is lost and none is handled twice.
 */
import { MAILBOX_LIMITS } from './inbound-message';
import { handleMessage, type MailboxEntry, type MailboxPorts, type MailboxSettings } from './mailbox-intake';
import type { MailboxSource } from './mailbox-source';

export interface MailboxLog {
  put(entry: MailboxEntry): Promise<void>;
  list(): Promise<MailboxEntry[]>;
}

export interface MailboxRun {
  entries: MailboxEntry[];
  /** Each reply as handed to the mail service, in the order of the messages. */
  replies: Buffer[];
  /** Messages left for the next poll (at least): the deadline came, or the mail service did not take their reply. */
  left: number;
}

export async function pollMailbox(
  ports: MailboxPorts & { log: MailboxLog },
  settings: MailboxSettings,
  source: MailboxSource,
  deadline: Date,
): Promise<MailboxRun> {
  const run: MailboxRun = { entries: [], replies: [], left: 0 };
  for await (const m of source.unseen(MAILBOX_LIMITS.messageBytes)) {
    if (ports.clock.now() >= deadline) {
      // Left unseen, with every message after it: the next poll takes them up.
      run.left++;
      break;
    }
    const handled = await handleMessage(ports, settings, m.raw, m.receivedAt, { uid: m.uid, ...(m.truncated ? { tooLarge: m.size } : {}) });
    await ports.log.put(handled.entry);
    run.entries.push(handled.entry);
    if (handled.reply) run.replies.push(handled.reply);
    if (handled.done) await source.done(m.uid);
    else run.left++;
  }
  return run;
}
