/**
 * Turning zod's issues into problems a case-system administrator can act on: a dotted path to the
 * field and a short plain-English message. Neither repeats free text from the input: paths hold only
 * the contract's own field names (a field it does not have is named by its position, since its name is
 * input too), and messages only dates and the contract's words, so problem lists can be shown and
 * logged without copying personal data.
 */
import type { z } from 'zod';

/** One thing wrong with an input event: `path` is like `data.childSeen` (`''` for the whole input). */
export interface Problem {
  path: string;
  message: string;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  object: 'an object',
  record: 'an object',
};

/** How a wrong value is named back to the sender without repeating it. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** Zod error map giving the plain-English messages; messages set on a schema itself take precedence. */
export const plainEnglish: z.core.$ZodErrorMap = (issue) => {
  // A missing enum field fails as a wrong value in zod; to the sender it is simply missing.
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return 'is required';
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number';
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(issue.input)}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin !== 'string') return `must be at least ${issue.minimum}`;
      return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters long`
        : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

/** "1st", "2nd", "23rd", "111th". */
const ordinal = (n: number) => {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** An object's field named by its 0-based position among the object's keys, for a name that is input. */
export const fieldAt = (position: number) => `its ${ordinal(position + 1)} field`;

const joinPath = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The value at a path zod reported: every step is a field of the contract, so the input has it. */
const valueAt = (input: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)[key], input);

/**
 * The problems behind zod's issues about `input`, one per field: a list of unknown keys becomes one
 * problem per key, on the object holding it, naming the key by its position.
 */
export function problemsFrom(issues: readonly z.core.$ZodIssue[], input: unknown): Problem[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [{ path: joinPath(issue.path), message: issue.message }];
    const keys = Object.keys(valueAt(input, issue.path) as object);
    return issue.keys.map((key) => ({
      path: joinPath(issue.path),
      message: `${fieldAt(keys.indexOf(key))} is not a recognised field`,
    }));
  });
}
