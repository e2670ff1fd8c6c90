/**
 * An XLSX's shared-strings table, held as UTF-8 bytes with an offset per
 * string rather than as one JavaScript string each. A workbook of a
 * province's enterprises has a distinct name and credit code per row: as
 * strings they would be hundreds of thousands of heap objects (each possibly
 * pinning the parser's whole text chunk it was sliced from), which V8 counts
 * as live and grows its heap in proportion to. As bytes they are copied
 * once, compactly, outside the heap; a cell decodes its string when read.
 */
import type { CellProblem } from './cell-values';

/** Node's Buffer decodes UTF-8 by this method (Buffer.toString('utf8', a, b) is it, behind argument checks); @types/node does not declare it. */
interface Utf8Slice {
  utf8Slice(start: number, end: number): string;
}

export class SharedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Start of string i at offsets[i], its end at offsets[i + 1]. */
  private offsets = new Uint32Array(1 << 12);
  private count = 0;
  /** Strings that stand for a problem (too long), by index. */
  private readonly problems = new Map<number, CellProblem>();

  get length(): number {
    return this.count;
  }

  push(value: string | CellProblem): void {
    if (this.count + 2 > this.offsets.length) {
      const grown = new Uint32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    if (typeof value === 'string') {
      const needed = this.used + Buffer.byteLength(value, 'utf8');
      if (needed > this.bytes.length) {
        const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
        this.bytes.copy(grown, 0, 0, this.used);
        this.bytes = grown;
      }
      this.used += this.bytes.write(value, this.used, 'utf8');
    } else {
      this.problems.set(this.count, value);
    }
    this.count++;
    this.offsets[this.count] = this.used;
  }

  /** String i, or undefined when the table has no such entry. */
  at(index: number): string | CellProblem | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const problem = this.problems.size > 0 ? this.problems.get(index) : undefined;
    // The decoder itself (what toString calls after checking its arguments, which are ours and sound).
    return problem ?? (this.bytes as Buffer & Utf8Slice).utf8Slice(this.offsets[index]!, this.offsets[index + 1]!);
  }
}
