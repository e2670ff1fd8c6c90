/** The base of every error a report run raises on purpose: the handler's caller (the scheduler, the CLI) sees its name and cause. */
export class ReportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
