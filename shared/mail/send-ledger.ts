/**
 * The send ledger: one item per message the system sends (a report, a
 * reminder, a status workbook, a receipt), keyed by what makes it that
 * message. Its states:
 *   sending  claimed by one run, for as long as its lease (renewed while it works);
 *   handed   given to the mail service: never sent again, whatever happens next;
 *   sent     the service took it (message id kept);
 *   refused  the service refused it (the reply kept): final;
 *   failed   the service was unavailable before it took it: free to claim again.
 */
export type Claim = 'claimed' | 'sent' | 'busy';

export type SendState = 'sending' | 'handed' | 'sent' | 'refused' | 'failed';

export interface SendRecord {
  state: SendState;
  /** For `refused` (and `failed`): the mail service's reply. */
  reason?: string;
}

export interface SendLedger {
  /** `claimId` names this run: only it may renew, hand over or release what it claimed. `sent` for any final state. */
  claim(key: string, claimId: string, now: Date, leaseMs: number): Promise<Claim>;
  /** Extends this run's lease; false when the lease is no longer this run's. */
  renew(key: string, claimId: string, leaseUntil: number): Promise<boolean>;
  /** Marks the message given to the mail service, if the claim is still this run's (false otherwise: it must not send). */
  markHanded(key: string, claimId: string, at: Date): Promise<boolean>;
  markSent(key: string, details: { messageId?: string; reportKey: string; sentAt: string }): Promise<void>;
  markRefused(key: string, reason: string, at: Date): Promise<void>;
  /** Frees the claim (state failed) so a later run sends: only before the service took the message. */
  release(key: string, claimId: string, reason?: string): Promise<void>;
  /** What became of a send, or undefined when none was tried. */
  record(key: string): Promise<SendRecord | undefined>;
}
