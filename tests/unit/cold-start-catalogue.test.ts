/**
 * A Lambda's cold start loads the catalogue without comparing it with the national floor: the tests,
 * `los rules check` and the check before every synth and deploy compared the catalogue it bundles (and
 * the synth, a council profile file it bundles, read back here only if it is the version deployed). Any
 * full check still makes the comparison, even after a cold start's load. Counted, not timed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import { laxerThanFloor } from '../../functions/core/rules/floor.ts';
import { builtInProfile, loadCatalogue } from '../../functions/core/rules/load.ts';
import { EnvironmentError } from '../../functions/handlers/lambda/environment.ts';
import { ingestRuntimeFrom, scheduleRunRuntimeFrom } from '../../functions/handlers/lambda/runtime.ts';
import { BUNDLED_PROFILE_FILE, profileVersion } from '../../functions/rule-profile.ts';

vi.mock('../../functions/core/rules/floor.ts', async (importOriginal) => {
  const floor = await importOriginal<typeof import('../../functions/core/rules/floor.ts')>();
  return { ...floor, laxerThanFloor: vi.fn(floor.laxerThanFloor) };
});

// Tests run on Node 20; the functions run on 24, where the AWS SDK has nothing to say.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const INGEST = {
  TABLE_NAME: 'line-of-sight-dev',
  RULE_PROFILE: 'default',
  MORNING_RUN_TIME: '07:00',
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-ingest',
};

const SCHEDULE_RUN = {
  ...INGEST,
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-schedule-run',
  NOTICE_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-notices',
  SENDING: 'live',
  TEAMS_CARDS: 'off',
  DEADLINE_EVENT_BUS: 'line-of-sight-dev-deadlines',
};

describe('the catalogue at a cold start', () => {
  it('is loaded by the ingest and run functions without comparing it with the floor', () => {
    expect(ingestRuntimeFrom(INGEST).context.profile.rules.length).toBeGreaterThan(0);
    expect(scheduleRunRuntimeFrom(SCHEDULE_RUN).context.profile.rules.length).toBeGreaterThan(0);
    expect(laxerThanFloor).not.toHaveBeenCalled();
  });

  it('is loaded with a bundled council profile without comparing the profile or the catalogue with the floor', () => {
    const bytes = readFileSync('rules/profiles/example-council.json');
    const bundle = mkdtempSync(join(tmpdir(), 'los-bundle-'));
    writeFileSync(join(bundle, BUNDLED_PROFILE_FILE), bytes);
    const council = { RULE_PROFILE: 'council', RULE_PROFILE_VERSION: profileVersion(bytes) };
    const bundleDir = pathToFileURL(`${bundle}/`);
    const { context } = ingestRuntimeFrom({ ...INGEST, ...council }, bundleDir);
    expect(context.profile.name).toBe('example-council');
    // Its closure days are the calendar's (the council closes between Christmas and New Year).
    expect(context.timing.calendar.isWorkingDay(parseIsoDate('2026-12-29'))).toBe(false);
    expect(scheduleRunRuntimeFrom({ ...SCHEDULE_RUN, ...council }, bundleDir).context.profile.name).toBe(
      'example-council',
    );
    expect(laxerThanFloor).not.toHaveBeenCalled();
  });

  it('refuses to start when the bundled council profile is missing or not the version deployed', () => {
    const bundle = mkdtempSync(join(tmpdir(), 'los-bundle-'));
    const bundleDir = pathToFileURL(`${bundle}/`);
    const council = { RULE_PROFILE: 'council', RULE_PROFILE_VERSION: 'sha256-0000000000000000' };
    expect(() => ingestRuntimeFrom({ ...INGEST, ...council }, bundleDir)).toThrow(
      /RULE_PROFILE is council, but no rule-profile\.json is bundled with the function \(ENOENT\)/,
    );
    writeFileSync(join(bundle, BUNDLED_PROFILE_FILE), readFileSync('rules/profiles/example-council.json'));
    expect(() => ingestRuntimeFrom({ ...INGEST, ...council }, bundleDir)).toThrow(
      /RULE_PROFILE_VERSION is sha256-0000000000000000, but the bundled rule-profile\.json is sha256-45ffa4a41a2d3ca8: deploy again/,
    );
    expect(() => ingestRuntimeFrom({ ...INGEST, RULE_PROFILE: 'council' }, bundleDir)).toThrow(
      EnvironmentError,
    );
  });

  it('is compared with the floor, rule by rule, when a full check asks for it afterwards', () => {
    builtInProfile('default');
    const withFloor = loadCatalogue().rules.filter((rule) => rule.statutory).length;
    expect(withFloor).toBeGreaterThan(0);
    expect(laxerThanFloor).toHaveBeenCalledTimes(withFloor);
  });
});
