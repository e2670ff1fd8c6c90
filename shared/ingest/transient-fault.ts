/**
 * What retrying can fix: a fault of the store or the network. Everything
 * else that goes wrong while a file is read (a malformed part, a stack
 * overflow on absurd nesting, a limit) is the file's fault: retrying it three
 * times and dead-lettering it would leave the uploader with no answer, so it
 * is rejected with a reason instead.
 */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutException']);

/** A fault the store reported (a write that failed or stayed unprocessed): always retried. */
export class StoreFault extends Error {
  constructor(readonly fault: unknown) {
    super(fault instanceof Error ? fault.message : String(fault));
    this.name = 'StoreFault';
  }
}

export function isTransientFault(err: unknown): boolean {
  if (err instanceof StoreFault) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown; $metadata?: unknown; $retryable?: unknown; message?: unknown };
  // Every AWS SDK service error carries $metadata: throttling, 5xx, and also access denied — an operator's fault, which a dead letter makes visible.
  if (e.$metadata !== undefined || e.$retryable !== undefined) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  return typeof e.message === 'string' && /socket hang up|aborted|premature close/i.test(e.message);
}

/** The original fault behind a StoreFault, for the caller that retries. */
export function unwrapFault(err: unknown): unknown {
  return err instanceof StoreFault ? err.fault : err;
}
