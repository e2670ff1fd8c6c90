/**
 * Groups items into pages (25: BatchWriteItem's limit) and keeps a few pages
 * in flight. `add` waits while the window is full, so memory stays flat however
 * long the input is.
 */
export class PagedWriter<T> {
  private page: T[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly writePage: (page: T[]) => Promise<void>,
    private readonly pageSize = 25,
    private readonly maxInFlight = 4,
  ) {}

  async add(item: T): Promise<void> {
    this.throwIfFailed();
    this.page.push(item);
    if (this.page.length >= this.pageSize) await this.dispatch();
  }

  async flush(): Promise<void> {
    if (this.page.length > 0) await this.dispatch();
    await Promise.allSettled([...this.inFlight]);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async dispatch(): Promise<void> {
    const page = this.page;
    this.page = [];
    while (this.inFlight.size >= this.maxInFlight) {
      await Promise.race(this.inFlight);
      this.throwIfFailed();
    }
    const promise: Promise<void> = this.writePage(page)
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }
}
