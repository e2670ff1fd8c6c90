/**
 * Sending a scheduled report once: EventBridge Scheduler retries an
 * invocation that failed or timed out, and may deliver one twice. Each send
 * is keyed on the schedule's time; a lease keeps two concurrent invocations
 * from both sending, and a send that failed releases it for the retry.
 */
export type Claim = 'claimed' | 'sent' | 'busy';

export interface SendLedger {
  claim(key: string, now: Date, leaseMs: number): Promise<Claim>;
  markSent(key: string, details: { messageId?: string; reportKey: string; sentAt: string }): Promise<void>;
  release(key: string): Promise<void>;
}

/** The idempotency key of a scheduled run; undefined for an ad-hoc run (always sends). */
export function sendKey(trigger: { kind?: string; scheduledTime?: string }): string | undefined {
  if (!trigger.kind || !trigger.scheduledTime) return undefined;
  return `${trigger.kind}#${new Date(trigger.scheduledTime).toISOString()}`;
}
