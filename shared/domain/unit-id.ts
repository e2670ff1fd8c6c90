/**
 * One id whatever its letter case and width (contract v4, section 1 "Identity"):
 * `yz-inc-01`, `ＹＺ-INC-01` and `YZ-INC-01` name the same incubator. Records
 * keep the id as written; every comparison and every key uses this fold.
 * Spaces stay: an id with a space in it is no id (the validator says so).
 */
export function foldId(id: string): string {
  // Plain ASCII without lower case (almost every id) is already folded.
  let plain = true;
  for (let i = 0; i < id.length && plain; i++) {
    const c = id.charCodeAt(i);
    plain = c < 0x7f && !(c >= 0x61 && c <= 0x7a);
  }
  return plain ? id : id.normalize('NFKC').toUpperCase();
}

/** True when the two ids are one id. */
export const sameId = (a: string, b: string): boolean => foldId(a) === foldId(b);
