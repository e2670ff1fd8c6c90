/**
 * What a report run raises on purpose, by type: the scheduler, the CLI and
 * the tests tell them apart by class, never by message.
 */
import type { DatasetName } from '../domain/datasets';

/** The base of every error a report run raises on purpose: the handler's caller (the scheduler, the CLI) sees its name and cause. */
export class ReportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Thrown when another run is alive and sending: the invocation fails, so the scheduler retries and, in the end, alarms. */
export class SendInProgressError extends ReportError {
  constructor(key: string) {
    super(`another run is still sending ${key} and renewing its lease; this invocation fails so the scheduler retries it`);
  }
}

/** The report was not sent: the mail service refused it, did not take it (a later check sends it), or its answer was lost (it is not sent again). */
export class ReportNotSentError extends ReportError {
  constructor(
    key: string,
    readonly outcome: 'refused' | 'unavailable' | 'uncertain',
    reason: string,
  ) {
    const what = {
      refused: 'was refused by the mail service',
      unavailable: 'was not taken by the mail service; a later check sends it',
      uncertain: 'may or may not have gone (the mail service did not answer); it is not sent again',
    }[outcome];
    super(`the report ${key} ${what}: ${reason}`);
  }
}

/** A deployed stack never sends from or to the example addresses it ships with (the local stack's servers may). */
export class ExampleAddressError extends ReportError {}

/** A stored record that does not have its dataset's shape (written by hand, or by an incompatible release). */
export class StoredRecordError extends ReportError {
  constructor(dataset: DatasetName, key: string) {
    super(`the stored ${dataset} record ${key} does not have the shape of its dataset; the report stops rather than count it wrong`);
  }
}

/** The event is not a report trigger (the scheduler's, the CLI's, or one by hand): named by what is wrong with it. */
export class InvalidTriggerError extends ReportError {}
