/**
 * Every message a person reads is Chinese first, then English (data contract
 * section 2): the data officer reads the first half, a developer the second.
 */
export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}
