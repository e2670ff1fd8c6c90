/**
 * Sending a scheduled report once: EventBridge Scheduler retries an
 * invocation that failed or timed out, and may deliver one twice. Each send
 * is keyed on the schedule's time and goes through the one send-once
 * mechanism (mail/send-once.ts).
 */
import { SEND_KEYS } from '../layout';

/** The idempotency key of a scheduled run; undefined for an ad-hoc run (always sends). */
export function sendKey(trigger: { kind?: string; scheduledTime?: string }): string | undefined {
  if (!trigger.kind || !trigger.scheduledTime) return undefined;
  return SEND_KEYS.scheduled(trigger.kind, trigger.scheduledTime);
}
