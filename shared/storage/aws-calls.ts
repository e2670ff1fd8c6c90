/**
 * Who is calling AWS, and a way to watch the calls. Each entry point runs its
 * work as the principal that makes those calls in AWS (the ingest role, the
 * report role, staff, an operator, a submitter of one org); every client
 * created by createAwsClients hands each call, with that principal, to the
 * observer when one is set. Nothing observes in production; the permission
 * contract check of `npm test` does, and evaluates every call against the
 * synthesized policies (the emulators enforce no IAM).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Principal =
  | { kind: 'ingest' }
  | { kind: 'report' }
  /** The mailbox poll's role (contract 13). */
  | { kind: 'mailbox' }
  | { kind: 'staff' }
  | { kind: 'operator' }
  | { kind: 'submitter'; org: string }
  /** A test's or the local runner's own setting up and reading back (creating tables, reading outputs): no role of the stack, so never checked. */
  | { kind: 'harness' };

export interface AwsCall {
  principal: Principal | undefined;
  /** The SDK client's service, as the SDK names it (S3, DynamoDB, SESv2, …). */
  service: string;
  /** The command's name without "Command" (GetObject, Query, SendEmail, …). */
  command: string;
  input: unknown;
}

const current = new AsyncLocalStorage<Principal>();
let observer: ((call: AwsCall) => void) | undefined;

/** Runs the work as the principal that would make its calls in AWS. */
export function asPrincipal<T>(principal: Principal, work: () => T): T {
  return current.run(principal, work);
}

/** Watches every AWS call from now on (undefined stops watching). */
export function observeAwsCalls(watch: ((call: AwsCall) => void) | undefined): void {
  observer = watch;
}

/** Called by the clients' middleware for each call. */
export function reportAwsCall(service: string, commandName: string, input: unknown): void {
  observer?.({ principal: current.getStore(), service, command: commandName.replace(/Command$/, ''), input });
}
