/**
 * Who the report goes to, changeable while the stack runs: an operator's
 * setting stored in the table (`npm run torchline -- recipients --set …`)
 * overrides the addresses the stack was deployed with, and is read at the
 * start of every run, so a change needs no redeploy.
 */
import { z } from 'zod';
import { splitList } from '../config';

export interface RecipientSettings {
  recipients: string[];
  replyTo: string[];
  /** When and by whom the stored setting was last changed. */
  updatedAt?: string;
  updatedBy?: string;
}

const address = z.email();

/** Parses "a@x.cn, b@x.cn" into addresses, or says which one is not an address. */
export function parseAddresses(text: string, what: string): string[] {
  const list = splitList(text);
  const bad = list.filter((a) => !address.safeParse(a).success);
  if (bad.length > 0) throw new Error(`${what}: not an email address: ${bad.join(', ')}`);
  return list;
}

/** The addresses a run uses: the stored setting when there is one, else those deployed. */
export function effectiveRecipients(deployed: { recipients: string[]; replyTo: string[] }, stored: RecipientSettings | undefined) {
  return stored && stored.recipients.length > 0
    ? { recipients: stored.recipients, replyTo: stored.replyTo, source: 'setting' as const }
    : { recipients: deployed.recipients, replyTo: deployed.replyTo, source: 'deployment' as const };
}
