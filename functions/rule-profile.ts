/**
 * A council profile file as deployed. The synth checks the file named by `los:ruleProfile` in full (its
 * shape, closure days, and every override against the national floor) and bundles the bytes it checked
 * beside each function's code as {@link BUNDLED_PROFILE_FILE}, with their content hash, the profile's
 * **version** ({@link profileVersion}), in the functions' environment (`RULE_PROFILE_VERSION`). A
 * function reads the file at cold start and refuses to start if its bytes do not have that version, so
 * what runs is what was checked; `los rules check <file>` prints the same version, so an administrator
 * (and `los doctor`) can tell whether the file on their machine is the one deployed.
 *
 * Bundled as a file rather than put in the environment: a Lambda function's environment is limited to
 * 4 KB in all, and a council profile with a year of closure days and overrides with their reasons
 * passes that; the environment is also shown in the console and in every template, where a file is not.
 */
import { createHash } from 'node:crypto';

/** The council profile's name beside each function's bundled code (`index.mjs`). */
export const BUNDLED_PROFILE_FILE = 'rule-profile.json';

/** How a profile version looks: `sha256-` and the first 16 hex digits of the file's SHA-256. */
export const PROFILE_VERSION = /^sha256-[0-9a-f]{16}$/;

/** The version of a council profile file: the content hash of its bytes, `sha256-0123456789abcdef`. */
export function profileVersion(bytes: Uint8Array | string): string {
  return `sha256-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}
