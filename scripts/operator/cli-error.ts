/** The base of every error the operator CLI reports to a person as it is: a wrong command, a stack it cannot reach. */
export class CliError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line is wrong: the message says how, and the usage follows it. */
export class UsageError extends CliError {}

/** The stack (deployed or local) cannot be reached or is not this version's. */
export class TargetError extends CliError {}
