/**
 * What is wrong with a catalogue or a council profile, as the loader and the floor comparison report
 * it: every problem at once, each with where it is.
 */

/** One thing wrong with a rule or profile, and where. */
export interface RuleProblem {
  path: string;
  message: string;
}

/** Thrown when the catalogue or a profile cannot be used; `problems` lists everything wrong. */
export class RuleValidationError extends Error {
  constructor(
    what: string,
    readonly problems: RuleProblem[],
  ) {
    super(`${what} is not valid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'RuleValidationError';
  }
}
