/**
 * A Lambda's cold start loads the catalogue without comparing it with the national floor: the tests,
 * `los rules check` and the check before every synth and deploy compared the catalogue it bundles. Any
 * full check still makes the comparison, even after a cold start's load. Counted, not timed.
 */
import { describe, expect, it, vi } from 'vitest';
import { laxerThanFloor } from '../../functions/core/rules/floor.ts';
import { builtInProfile, loadCatalogue } from '../../functions/core/rules/load.ts';
import { ingestRuntimeFrom, scheduleRunRuntimeFrom } from '../../functions/handlers/lambda/runtime.ts';

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
};

describe('the catalogue at a cold start', () => {
  it('is loaded by the ingest and run functions without comparing it with the floor', () => {
    expect(ingestRuntimeFrom(INGEST).context.profile.rules.length).toBeGreaterThan(0);
    expect(scheduleRunRuntimeFrom(SCHEDULE_RUN).context.profile.rules.length).toBeGreaterThan(0);
    expect(laxerThanFloor).not.toHaveBeenCalled();
  });

  it('is compared with the floor, rule by rule, when a full check asks for it afterwards', () => {
    builtInProfile('default');
    const withFloor = loadCatalogue().rules.filter((rule) => rule.statutory).length;
    expect(withFloor).toBeGreaterThan(0);
    expect(laxerThanFloor).toHaveBeenCalledTimes(withFloor);
  });
});
