import { ConfigError, type ValidationProblem } from '@rapport/sdk';

/**
 * A deployment cannot start because of one configured value: what was found when it was used
 * (the database it names does not exist, the host does not resolve), not when the file was read.
 * Its message is the one line `<file>: <field>: <cause>`, which the CLI prints as it is, with
 * exit code 2; it is a {@link ConfigError} with that one problem, for programs.
 */
export class ConfigFieldError extends ConfigError {
  constructor(problem: ValidationProblem, options?: { cause?: unknown }) {
    super([problem]);
    this.message = `${problem.file}: ${problem.field}: ${problem.message}`;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
