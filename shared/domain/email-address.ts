/**
 * A strict email address: letters, digits and `._+-` before the @ (no `%`
 * routing, no quotes, nothing invisible), then dot-separated labels. Bounded
 * first, so the pattern runs on at most 254 characters.
 */
const ADDRESS = /^[A-Za-z0-9._+-]{1,64}@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;

/** The address's domain (lower case) when it is a strict address; undefined otherwise. */
export function addressDomain(address: string): string | undefined {
  if (address.length > 254) return undefined;
  return ADDRESS.exec(address)?.[1]?.toLowerCase();
}

/** An address of the documentation domains (example.com, example.gov.cn, mail.example.org): the deployed defaults, never a real recipient. */
export function isExampleAddress(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domain.split('.').includes('example');
}
