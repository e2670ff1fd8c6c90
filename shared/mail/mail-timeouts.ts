/**
 * How long a mail adapter waits on the mail service: each well inside the
 * send ledger's lease (send-once.ts), so no send outlives the claim it was
 * made under (nodemailer's own default socket timeout is ten minutes).
 */
export const MAIL_TIMEOUTS = {
  connectMs: 20_000,
  greetingMs: 20_000,
  /** Silence on an open connection (SMTP) or a whole request (SES). */
  socketMs: 60_000,
} as const;
