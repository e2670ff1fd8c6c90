/**
 * The natural keys a file has already used, to warn about a repeated key.
 * A file of a million rows must not hold a million strings for that: each
 * key is kept as a 64-bit hash (two 32-bit FNV-1a hashes with different
 * seeds) and its first row, 12 bytes in typed arrays, in an open-addressing
 * table. Two distinct keys sharing 64 bits is a one in 10¹³ event for a
 * million keys — and it could only add a warning, never change a record.
 */
function fnv(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Keys remembered at most (24 MB of table): past them a file's repeats are no longer warned of, and the caller says so. */
export const SEEN_KEYS_LIMIT = 1 << 20;

export class SeenKeys {
  /** More keys came than are remembered. */
  full = false;
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  /** First row + 1 (0 marks an empty slot). */
  private rows = new Int32Array(1024);
  private size = 0;

  /** The first row that used this key, or undefined (and the key is remembered at this row). */
  firstRow(key: string, row: number): number | undefined {
    const a = fnv(key, 0x811c9dc5);
    const b = (fnv(key, 0x9747b28c) | 1) >>> 0;
    const found = this.find(a, b);
    if (this.rows[found]! !== 0) return this.rows[found]! - 1;
    if (this.size >= SEEN_KEYS_LIMIT) {
      this.full = true;
      return undefined;
    }
    this.hi[found] = a;
    this.lo[found] = b;
    this.rows[found] = row + 1;
    if (++this.size * 2 > this.rows.length) this.grow();
    return undefined;
  }

  private find(a: number, b: number): number {
    const mask = this.rows.length - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      if (this.rows[i] === 0 || (this.hi[i] === a && this.lo[i] === b)) return i;
    }
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    this.hi = new Uint32Array(rows.length * 2);
    this.lo = new Uint32Array(rows.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      const slot = this.find(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.rows[slot] = rows[i]!;
    }
  }
}
