/**
 * The Lambda entry modules: their environment is checked when they load (at cold start), so a function
 * deployed without a variable fails at once with a message naming it, before anything is built.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentError, ingestEnvironmentFrom } from '../../functions/handlers/lambda/environment.ts';
import { ingestRuntimeFrom } from '../../functions/handlers/lambda/runtime.ts';

// Tests run on Node 20; the functions run on 24, where the AWS SDK has nothing to say.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const VALID = {
  TABLE_NAME: 'line-of-sight-dev',
  RULE_PROFILE: 'default',
  MORNING_RUN_TIME: '07:00',
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-ingest',
};

/** The message of the error `read` throws. */
function messageOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
}

describe('ingestEnvironmentFrom', () => {
  it('reads the table, the profile, the morning run (as minutes) and the service name', () => {
    expect(ingestEnvironmentFrom({ ...VALID, RULE_PROFILE: 'statutory', MORNING_RUN_TIME: '06:30' })).toEqual(
      {
        tableName: 'line-of-sight-dev',
        ruleProfile: 'statutory',
        morningRunMinutes: 390,
        serviceName: 'line-of-sight-ingest',
      },
    );
  });

  it('names a missing TABLE_NAME and says what it must be', () => {
    const { TABLE_NAME: _missing, ...rest } = VALID;
    expect(messageOf(() => ingestEnvironmentFrom(rest))).toBe(
      [
        'Line of Sight cannot start: its Lambda environment is not valid (the stateless stack sets it):',
        '  - TABLE_NAME is not set; it must be the name of the DynamoDB table, such as line-of-sight-dev',
      ].join('\n'),
    );
  });

  it('lists every wrong variable at once, with the value given', () => {
    const message = messageOf(() =>
      ingestEnvironmentFrom({ TABLE_NAME: 'x', RULE_PROFILE: 'strict', MORNING_RUN_TIME: '7am' }),
    );
    expect(message.split('\n').slice(1)).toEqual([
      '  - TABLE_NAME must be the name of the DynamoDB table, such as line-of-sight-dev (got "x")',
      '  - RULE_PROFILE must be default or statutory (got "strict")',
      '  - MORNING_RUN_TIME must be the London time of the morning run, HH:MM, such as 07:00 (got "7am")',
      '  - POWERTOOLS_SERVICE_NAME is not set; it must be the service name on log lines, such as line-of-sight-ingest',
    ]);
  });
});

describe('ingestRuntimeFrom', () => {
  it('wires the stores to the table, the built-in profile and the morning run', () => {
    const { context, environment } = ingestRuntimeFrom({ ...VALID, MORNING_RUN_TIME: '06:45' });
    expect(environment.tableName).toBe('line-of-sight-dev');
    expect(context.profile.name).toBe('default');
    expect(context.timing.morningRunMinutes).toBe(405);
    expect(context.now()).toBeGreaterThan(0);
  });

  it('logs through Powertools, with the attributes it is given', () => {
    const { logger, handlerLogger } = ingestRuntimeFrom(VALID);
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    handlerLogger.info('case event ingested', { messageId: 'm1', outcome: 'accepted' });
    expect(info).toHaveBeenCalledWith('case event ingested', { messageId: 'm1', outcome: 'accepted' });
  });
});

describe('the entry modules', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const stubEnvironment = (variables: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  };

  it.each([
    ['ingest-queue', () => import('../../functions/handlers/lambda/ingest-queue.ts')],
    ['ingest-http', () => import('../../functions/handlers/lambda/ingest-http.ts')],
  ])('%s fails as it loads when TABLE_NAME is missing, naming it', async (_name, load) => {
    vi.resetModules();
    stubEnvironment({ ...VALID, TABLE_NAME: undefined });
    await expect(load()).rejects.toThrow(/^Line of Sight cannot start: .*\n {2}- TABLE_NAME is not set;/);
  });

  it.each([
    ['ingest-queue', () => import('../../functions/handlers/lambda/ingest-queue.ts')],
    ['ingest-http', () => import('../../functions/handlers/lambda/ingest-http.ts')],
  ])('%s exports a handler when the environment is complete', async (_name, load) => {
    vi.resetModules();
    stubEnvironment({ ...VALID, AWS_REGION: 'eu-west-2' });
    const module = await load();
    expect(typeof module.handler).toBe('function');
  });
});

describe('the schedule-run entry module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const SCHEDULE_RUN = {
    ...VALID,
    POWERTOOLS_SERVICE_NAME: 'line-of-sight-schedule-run',
    INTENT_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-intents',
    AWS_REGION: 'eu-west-2',
  };

  it('fails as it loads when INTENT_QUEUE_URL is missing, naming it', async () => {
    vi.resetModules();
    for (const [name, value] of Object.entries({ ...SCHEDULE_RUN, INTENT_QUEUE_URL: undefined })) {
      vi.stubEnv(name, value);
    }
    await expect(import('../../functions/handlers/lambda/schedule-run.ts')).rejects.toThrow(
      /\n {2}- INTENT_QUEUE_URL is not set; it must be the https URL of the intents queue/,
    );
  });

  it('runs as of the scheduled time when the event has one, else now, and logs counts only', async () => {
    vi.resetModules();
    for (const [name, value] of Object.entries(SCHEDULE_RUN)) vi.stubEnv(name, value);
    const module = await import('../../functions/handlers/lambda/schedule-run.ts');
    expect(typeof module.handler).toBe('function');
    const now = () => Date.parse('2026-12-11T12:00:00Z');
    expect(module.runOf({ run: 'morning', scheduledTime: '2026-12-11T07:00:00Z' }, now)).toEqual({
      run: 'morning',
      asOf: Date.parse('2026-12-11T07:00:00Z'),
    });
    expect(module.runOf({}, now)).toEqual({ run: 'manual', asOf: now() });
    expect(module.runOf({ scheduledTime: 'not a time' }, now).asOf).toBe(now());
    expect(module.runOf('nonsense', now).asOf).toBe(now());

    const asOfs: number[] = [];
    const info = vi.fn();
    const handle = module.createScheduleRunHandler(
      {
        logger: { info } as never,
        context: {
          deadlines: {
            // biome-ignore lint/correctness/useYield: a store with nothing due
            async *dueBy(asOf: string) {
              asOfs.push(Date.parse(asOf));
            },
          } as never,
          intents: { send: async () => undefined },
          profile: { rules: [] } as never,
          timing: {} as never,
        },
      },
      now,
    );
    await expect(handle({ run: 'hourly', scheduledTime: '2026-12-11T10:30:00Z' })).resolves.toEqual({
      read: 0,
      intents: 0,
      unknownRules: 0,
    });
    expect(asOfs).toEqual([Date.parse('2026-12-11T10:30:00Z')]);
    expect(info).toHaveBeenCalledWith('scheduled run finished', {
      run: 'hourly',
      asOf: '2026-12-11T10:30:00.000Z',
      read: 0,
      intents: 0,
      unknownRules: 0,
    });
  });
});
