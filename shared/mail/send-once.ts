/**
 * The one way the system sends a message it must send once: the report, the
 * officer's status workbook, reminders and chasers, receipts, and mailbox
 * replies. A run claims the message's ledger item with a lease it renews
 * while it prepares the message; marks it handed just before giving it to
 * the mail service, after which it is never released for another send —
 * marking it sent is retried until it sticks, and a run that died after the
 * hand-over leaves it handed, which no later run claims. Only a service that
 * never took the message (unavailable) frees it for a later run; a refusal
 * is kept, with the reply, for the officer to see.
 */
import { LeaseLostError, MailRejectedError, MailUnavailableError, MailError } from './mail-errors';
import type { SendLedger } from './send-ledger';
import { SYSTEM_CLOCK, type Clock } from '../domain/clock';

export interface SendTiming {
  /** A live run renews its lease every third of this; a dead run's lapses within it. Longer than any mail timeout (mail-timeouts.ts). */
  leaseMs: number;
  /** How long a run that finds the message busy waits for the other's lease to lapse (0: it does not wait). */
  waitMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Tries at marking a handed message sent before leaving it handed (which is as final). */
  markAttempts: number;
  /** The app's clock (domain/clock.ts): leases and the times the ledger keeps. */
  clock: Clock;
}

/** Reminders, status workbooks and receipts: a run that finds the message busy leaves it to the run that holds it. */
export const SEND_TIMING: SendTiming = {
  leaseMs: 120_000,
  waitMs: 0,
  pollMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  markAttempts: 6,
  clock: SYSTEM_CLOCK,
};

/** A scheduled report: a run that finds it busy waits for a dead run's lease to lapse, and sends in its place. */
export const REPORT_SEND_TIMING: SendTiming = { ...SEND_TIMING, waitMs: 180_000 };

export type SendOutcome<T> =
  | { outcome: 'sent'; messageId?: string; value: T }
  /** Sent, handed or refused by an earlier run: nothing was done. */
  | { outcome: 'already' }
  /** Another live run holds it. */
  | { outcome: 'busy' }
  | { outcome: 'refused'; reason: string; value: T }
  /** The service did not take it: released, a later run sends it. */
  | { outcome: 'unavailable'; reason: string; value: T }
  /** Handed over, and the service's answer was lost: it may have gone, so it is never sent again. */
  | { outcome: 'uncertain'; reason: string; value: T };

export interface Message<T> {
  /** The ledger key: what makes this message this one. */
  key: string;
  /** Builds the message (and whatever the caller keeps of it); the lease is renewed meanwhile. */
  prepare: () => Promise<{ raw: Buffer; value: T }>;
  send: (raw: Buffer) => Promise<string | undefined>;
  /** Kept with the sent record (the report's object key). */
  recordKey?: (value: T) => string;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

async function claimOrWait(ledger: SendLedger, key: string, claimId: string, timing: SendTiming) {
  let state = await ledger.claim(key, claimId, timing.clock.now(), timing.leaseMs);
  for (let waited = 0; state === 'busy' && waited < timing.waitMs; waited += timing.pollMs) {
    await timing.sleep(timing.pollMs);
    state = await ledger.claim(key, claimId, timing.clock.now(), timing.leaseMs);
  }
  return state;
}

/** Renews the lease every third of it; `lost()` throws once a renewal failed or found the lease taken. */
function heartbeat(ledger: SendLedger, key: string, claimId: string, { leaseMs, clock }: SendTiming) {
  let lost: Error | undefined;
  const timer = setInterval(
    () => {
      ledger.renew(key, claimId, clock.now().getTime() + leaseMs).then(
        (held) => void (held || (lost ??= new LeaseLostError(key))),
        (err: unknown) => void (lost ??= new LeaseLostError(key, { cause: err })),
      );
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    lost: () => {
      if (lost) throw lost;
    },
    stop: () => clearInterval(timer),
  };
}

/** Marks a handed message sent, retrying with backoff; a mark that never sticks leaves it handed, which is as final. */
async function markSent(
  ledger: SendLedger,
  key: string,
  details: { messageId?: string; reportKey: string; sentAt: string },
  timing: SendTiming,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ledger.markSent(key, details);
    } catch (err) {
      if (attempt >= timing.markAttempts) return;
      await timing.sleep(Math.min(200 * 2 ** (attempt - 1), 5_000));
    }
  }
}

export async function sendOnce<T>(ledger: SendLedger, message: Message<T>, claimId: string, timing: SendTiming = SEND_TIMING): Promise<SendOutcome<T>> {
  const { key } = message;
  const state = await claimOrWait(ledger, key, claimId, timing);
  if (state === 'sent') return { outcome: 'already' };
  if (state === 'busy') return { outcome: 'busy' };
  const beat = heartbeat(ledger, key, claimId, timing);
  let prepared: { raw: Buffer; value: T };
  try {
    prepared = await message.prepare();
    beat.lost();
    if (!(await ledger.markHanded(key, claimId, timing.clock.now()))) throw new LeaseLostError(key);
  } catch (err) {
    beat.stop();
    await ledger.release(key, claimId).catch(() => undefined);
    throw err;
  }
  beat.stop();
  const { raw, value } = prepared;
  let messageId: string | undefined;
  try {
    messageId = await message.send(raw);
  } catch (err) {
    if (err instanceof MailRejectedError) {
      await ledger.markRefused(key, err.reply, timing.clock.now());
      return { outcome: 'refused', reason: err.reply, value };
    }
    if (err instanceof MailUnavailableError) {
      await ledger.release(key, claimId, reasonOf(err));
      return { outcome: 'unavailable', reason: reasonOf(err), value };
    }
    return { outcome: 'uncertain', reason: reasonOf(err), value };
  }
  await markSent(ledger, key, { messageId, reportKey: message.recordKey?.(value) ?? key, sentAt: timing.clock.now().toISOString() }, timing);
  return { outcome: 'sent', messageId, value };
}
