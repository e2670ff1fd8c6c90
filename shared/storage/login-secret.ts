/**
 * A login kept in Secrets Manager (the SMTP server's, the mailbox's): `{"username": …, "password": …}`.
 * Whatever is wrong with the secret, the error names the secret and never
 * holds its content (a password stored as plain text would otherwise reach
 * the logs through JSON.parse's message, which quotes the text).
 */
import { SmtpSecretError } from './storage-errors';
export function loginFromSecret(secretString: string | undefined, secretName: string): { username: string; password: string } {
  if (!secretString) throw new SmtpSecretError(secretName, 'has no text value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    // Neither the parser's message nor its cause: both quote the secret.
    throw new SmtpSecretError(secretName, 'is not JSON');
  }
  const { username, password } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { username?: unknown; password?: unknown };
  if (typeof username !== 'string' || !username || typeof password !== 'string' || !password)
    throw new SmtpSecretError(secretName, 'lacks a username or a password');
  return { username, password };
}
