/**
 * Sending a scheduled report once: EventBridge Scheduler retries an
 * invocation that failed or timed out, and may deliver one twice. Each send
 * is keyed on the schedule's time. A run holds a short lease and renews it
 * while it works, so a run that died (a timeout, a crash) stops renewing and
 * its lease lapses within a minute: the scheduler's retry waits for that and
 * sends. A send that failed releases the lease at once.
 */
export type Claim = 'claimed' | 'sent' | 'busy';

export interface SendLedger {
  /** `claimId` names this run: only it may renew or release what it claimed. */
  claim(key: string, claimId: string, now: Date, leaseMs: number): Promise<Claim>;
  /** Extends this run's lease; false when the lease is no longer this run's. */
  renew(key: string, claimId: string, leaseUntil: number): Promise<boolean>;
  markSent(key: string, details: { messageId?: string; reportKey: string; sentAt: string }): Promise<void>;
  release(key: string, claimId: string): Promise<void>;
}

/** The idempotency key of a scheduled run; undefined for an ad-hoc run (always sends). */
export function sendKey(trigger: { kind?: string; scheduledTime?: string }): string | undefined {
  if (!trigger.kind || !trigger.scheduledTime) return undefined;
  return `${trigger.kind}#${new Date(trigger.scheduledTime).toISOString()}`;
}
