/**
 * The one clock of the app: every "now" of the ingest, the reports, the
 * campaign and the send ledger comes from the Clock the composition root was
 * given (shared/torchline.ts). The system's in AWS; a simulated one where a
 * test or a local run plays a campaign's days (days are Beijing days:
 * shanghai-time.ts).
 */
export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
