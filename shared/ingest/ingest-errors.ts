/**
 * What the ingest raises on purpose, by type. A file's own fault is an
 * UnreadableFileError (it is rejected with the reason, never retried); a
 * store's or the network's is a StoreFault of storage (retried, then
 * dead-lettered).
 */

/** The base of the ingest's errors: `name` set to the class's, `cause` kept. */
export class IngestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A file that cannot be read at all (corrupt workbook, malformed JSON, past a limit): it is rejected whole, never retried. */
export class UnreadableFileError extends IngestError {
  constructor(
    message: string,
    readonly row?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A part that is not well-formed XML, or that broke while inflating. */
export class XmlPartError extends IngestError {
  constructor(message: string) {
    super(message);
  }
}

/** A submitter's address has had its day's receipts: the next one waits for tomorrow (Beijing day). */
export class DailyLimitReachedError extends IngestError {
  constructor(address: string) {
    super(`${address} has had the day's receipts`);
  }
}
