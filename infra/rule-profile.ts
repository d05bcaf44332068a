/**
 * The rule profile the functions are deployed with (`los:ruleProfile`): a built-in one by name, or a
 * council profile file, checked here in full as `los rules check <file>` checks it (its shape, closure
 * days, and every override against the national floor) so that a file that cannot be used refuses the
 * synth with every problem named, and bundled beside each function's code with its version (see
 * `functions/rule-profile.ts`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJson, decodeUtf8 } from '../events/index.ts';
import { checkProfile } from '../functions/core/rules/load.ts';
import { ENVIRONMENT } from '../functions/handlers/lambda/environment.ts';
import { profileVersion } from '../functions/rule-profile.ts';
import { SettingsError } from './settings.ts';

/** Where a relative `los:ruleProfile` path starts: the project's root, beside cdk.json. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The profile as the functions get it. */
export interface DeployedProfile {
  /** RULE_PROFILE, and RULE_PROFILE_VERSION for a council profile file. */
  readonly environment: Readonly<Record<string, string>>;
  /** The council profile file to bundle beside the code (an absolute path); null for a built-in profile. */
  readonly file: string | null;
  /** The council profile's version (its content hash); null for a built-in profile. */
  readonly version: string | null;
}

/** Files checked by this process, by path and version: each is checked once however many functions bundle it. */
const checked = new Map<string, DeployedProfile>();

/** The problems of a council profile file's bytes, each a line naming the setting and the file. */
function problemsOf(ruleProfile: string, bytes: Buffer): string[] {
  const named = (message: string) => `los:ruleProfile: ${ruleProfile} ${message}`;
  const text = decodeUtf8(bytes);
  if (!text.ok) return [named(text.message)];
  const json = decodeJson(text.text);
  if (!json.ok) return [named(json.message)];
  return checkProfile(json.value).map(({ path, message }) =>
    named(`cannot be deployed: ${path || '(the profile)'}: ${message}`),
  );
}

/**
 * The profile `los:ruleProfile` names, as the functions get it: `default` or `statutory` by name, or a
 * council profile file (a path relative to the project's root, or absolute), read and checked in full.
 *
 * @throws {SettingsError} naming the setting and the file, and listing every problem with the file:
 *   unreadable, not JSON, or not a valid profile (an override laxer than the national floor names the
 *   rule, the interval and the case).
 */
export function deployedProfile(ruleProfile: string): DeployedProfile {
  if (!ruleProfile.endsWith('.json')) {
    return { environment: { [ENVIRONMENT.ruleProfile]: ruleProfile }, file: null, version: null };
  }
  const file = resolve(PROJECT_ROOT, ruleProfile);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new SettingsError([
      `los:ruleProfile: ${ruleProfile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); a relative path starts at the project's root`,
    ]);
  }
  const version = profileVersion(bytes);
  const key = `${file}|${version}`;
  const known = checked.get(key);
  if (known) return known;
  const problems = problemsOf(ruleProfile, bytes);
  if (problems.length > 0) throw new SettingsError(problems);
  const profile: DeployedProfile = {
    environment: {
      [ENVIRONMENT.ruleProfile]: 'council',
      [ENVIRONMENT.ruleProfileVersion]: version,
    },
    file,
    version,
  };
  checked.set(key, profile);
  return profile;
}
