/** A file that cannot be read at all (corrupt workbook, malformed JSON, past a limit): it is rejected whole, never retried. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UnreadableFileError';
  }
}
