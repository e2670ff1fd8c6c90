/** Where the CLI writes: the terminal, or a test's capture. */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

export const CONSOLE_OUTPUT: Output = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
};
