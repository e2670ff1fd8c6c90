/**
 * What a mail adapter (SES, SMTP) may throw, by what it means for sending
 * again (send-once.ts): a refusal is final for that message; an unavailable
 * service never took the message, so it may be sent again later; anything
 * else may have gone out, so it never is.
 */

/** The base of the mail errors: `name` set, `cause` kept. */
export class MailError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The mail service refused the message or its recipient (SMTP 5xx, SES MessageRejected): sending it again cannot help. */
export class MailRejectedError extends MailError {
  constructor(
    readonly reply: string,
    options?: ErrorOptions,
  ) {
    super(`the mail server refused the message: ${reply}`, options);
  }
}

/** The mail service could not be reached or asked to try later (a refused connection, TLS, 4xx, throttling), before it took the message. */
export class MailUnavailableError extends MailError {
  constructor(reason: string, options?: ErrorOptions) {
    super(`the mail service did not take the message: ${reason}`, options);
  }
}

/** This run's claim lapsed or was taken while it prepared the message: it stops before sending. */
export class LeaseLostError extends MailError {
  constructor(key: string, options?: ErrorOptions) {
    super(`the lease on ${key} could not be renewed; this run stops before sending so that the message is sent once`, options);
  }
}
