/** Where the mailbox's messages come from (the bureau's IMAP server, storage/imap-mailbox.ts): the poll's port. */
export interface SourceMessage {
  uid: number;
  /** When the server received it (IMAP INTERNALDATE). */
  receivedAt: Date;
  /** The whole message; for one past the size limit only its header, and `size` says how large it was. */
  raw: Buffer;
  size: number;
  truncated: boolean;
}

export interface MailboxSource {
  /** The folder's unseen messages, oldest first, one at a time (memory bounded by the largest message). */
  unseen(maxBytes: number): AsyncIterable<SourceMessage>;
  /** The message is handled: marked seen and moved to the done folder. */
  done(uid: number): Promise<void>;
  close(): Promise<void>;
}
