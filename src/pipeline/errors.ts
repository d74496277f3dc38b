/**
 * An error in what the user gave us: a file, a flag, a parameter, a source. The CLI prints its message
 * and exits with code 2; nothing is written.
 */
export class InputError extends Error {
  /** What the input is (a file path, a flag, a table). */
  readonly input: string;
  /** Where in it (a line, a column, an entry); empty when the whole input is at fault. */
  readonly place: string;
  /** What is wrong with it. */
  readonly problem: string;

  constructor(input: string, problem: string, place = '') {
    super(`${input}${place ? ` (${place})` : ''}: ${problem}`);
    this.name = 'InputError';
    this.input = input;
    this.place = place;
    this.problem = problem;
  }
}

/**
 * Input that is well formed but has nothing to read yet: an experiment with no sessions so far, a window before its
 * start. A command asked for that one thing exits 2 like any InputError; a report of many (the weekly report) says
 * "not read yet" for it and goes on.
 */
export class NothingYetError extends InputError {
  constructor(input: string, problem: string, place = '') {
    super(input, problem, place);
    this.name = 'NothingYetError';
  }
}

/** An outside service (Redshift, Bedrock, SageMaker) failed after retries; carries the service's own message. */
export class ServiceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceError';
  }
}

/**
 * A gate said no: a promotion without the evidence it needs (a passing evaluation run). The CLI prints the message,
 * which names the version and the run, and exits 1, like a failed quality gate.
 */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}
