/**
 * Turning zod's issues into problems a case-system administrator can act on: a dotted path to the
 * field and a short plain-English message. Messages never repeat free-text values from the input
 * (only dates and field names), so problem lists can be logged without copying personal data.
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
    case 'unrecognized_keys':
      return 'is not a recognised field';
    default:
      return undefined;
  }
};

const joinPath = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The problems behind zod's issues, one per field: a list of unknown keys becomes one problem per key. */
export function problemsFrom(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: joinPath([...issue.path, key]), message: issue.message }))
      : [{ path: joinPath(issue.path), message: issue.message }],
  );
}
