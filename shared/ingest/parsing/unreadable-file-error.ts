/** A file that cannot be read at all (corrupt workbook, malformed JSON, past a limit): it is rejected whole, never retried. */
export class UnreadableFileError extends Error {
  constructor(message: string, readonly row?: number) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
