/**
 * What the storage ports may throw, by type: the storage boundary
 * (store-boundary.ts) translates every failure of S3, DynamoDB or the network
 * into one of these, so the ingest and the report decide what to retry by
 * `instanceof`, never by reading an SDK error's fields. This module imports
 * nothing: the ingest and the report may import it, and nothing else of
 * storage (.dependency-cruiser.cjs). Everything else that goes wrong while a file is read (a malformed
 * part, a stack overflow on absurd nesting, a limit) is the file's fault:
 * retrying it three times and dead-lettering it would leave the uploader
 * with no answer, so it is rejected with a reason instead.
 */

/** The base of the storage errors: `name` set to the class's, `cause` kept. */
export class StorageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The store or the network failed (throttling, 5xx, a reset, a body cut off, access denied): retried, then dead-lettered. */
export class StoreFault extends StorageError {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * The object cannot be read, and retrying cannot help, so the upload is rejected with the reason:
 * `gone` — deleted or replaced before it was read; `refused` — stored so that the ingest may not read
 * it (another storage class, a customer key, a foreign KMS key).
 */
export class ObjectGoneError extends StorageError {
  constructor(
    readonly key: string,
    readonly why: 'gone' | 'refused',
    options?: ErrorOptions,
  ) {
    super(why === 'gone' ? `${key} was deleted or replaced before it could be read` : `${key} is stored so that it may not be read`, options);
  }
}

export function isTransientFault(err: unknown): err is StoreFault {
  return err instanceof StoreFault;
}

/** The original fault behind a StoreFault, for the caller that retries (SQS sees what really failed). */
export function unwrapFault(err: unknown): unknown {
  return err instanceof StoreFault ? err.cause : err;
}

/** The deployed stack cannot be reached or is not this version's: no credentials, no region, no such stack, an output missing. The message says what to do. */
export class StackUnreachableError extends StorageError {}

/** The report function ran and failed; the message names its log. */
export class ReportFunctionError extends StorageError {}

/** The SMTP login's secret is not `{"username": …, "password": …}`: named, its content never quoted. */
export class SmtpSecretError extends StorageError {
  constructor(secretName: string, what: string) {
    super(`the secret ${secretName} ${what}: it must hold {"username": …, "password": …}`);
  }
}

/** The bureau's mailbox is not configured (no host or no login secret): nothing to poll. */
export class MailboxNotConfiguredError extends StorageError {}
