/**
 * The Lambda entry modules: their environment is checked when they load (at cold start), so a function
 * deployed without a variable fails at once with a message naming it, before anything is built; and
 * each wires the adapters its handler needs.
 */
import { EventBridgeClient, type PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, type SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeadlineEventType } from '../../events/index.ts';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { DynamoDirectoryStore } from '../../functions/adapters/dynamodb/directory-store.ts';
import { DynamoNoticeLedger } from '../../functions/adapters/dynamodb/notice-ledger.ts';
import { DynamoNoticeOutbox } from '../../functions/adapters/dynamodb/notice-outbox.ts';
import { SesEmailSender } from '../../functions/adapters/ses/email-sender.ts';
import { SqsNoticeSink } from '../../functions/adapters/sqs/notice-sink.ts';
import { WebhookTeamsPoster } from '../../functions/adapters/teams/webhook-poster.ts';
import { englandAndWalesCalendar, parseIsoDate } from '../../functions/core/calendar/index.ts';
import type { DirectoryGap } from '../../functions/core/notices/message.ts';
import type { DeadlineEventPublisher } from '../../functions/core/ports.ts';
import { DEFAULT_LEASE_SECONDS } from '../../functions/delivery/deliver.ts';
import {
  EnvironmentError,
  ingestEnvironmentFrom,
  notifyEnvironmentFrom,
} from '../../functions/handlers/lambda/environment.ts';
import {
  ingestRuntimeFrom,
  scheduleRunRuntimeFrom,
  sesEventsRuntimeFrom,
} from '../../functions/handlers/lambda/runtime.ts';
import { createScheduleRunHandler, runOf, summaryAttributes } from '../../functions/handlers/schedule-run.ts';
import type { RunSummary } from '../../functions/runs/due-run.ts';

// Tests run on Node 20; the functions run on 24, where the AWS SDK has nothing to say.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const VALID = {
  TABLE_NAME: 'line-of-sight-dev',
  RULE_PROFILE: 'default',
  MORNING_RUN_TIME: '07:00',
  POWERTOOLS_SERVICE_NAME: 'line-of-sight-ingest',
};

/** The entry `publisher` puts on EventBridge for one deadline event of `kind`, caught before it leaves. */
async function putOnTheBus(publisher: DeadlineEventPublisher | undefined, kind: DeadlineEventType) {
  const send = vi
    .spyOn(EventBridgeClient.prototype, 'send')
    .mockImplementation(async () => ({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }], $metadata: {} }));
  try {
    const detail = {
      id: 'CASE-1002|cp.visit|1|escalation-0',
      caseId: 'CASE-1002',
      rule: 'cp.visit',
      occurrence: 1,
      due: '2026-12-10',
      stage: 'escalation-0',
      level: 'TM' as const,
      time: '2026-12-11T07:00:00.000Z',
    };
    expect(await publisher?.publish([{ detailType: kind, detail }])).toBe(0);
    return (send.mock.calls[0]?.[0] as PutEventsCommand | undefined)?.input.Entries?.[0];
  } finally {
    send.mockRestore();
  }
}

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
        ruleProfileVersion: null,
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
      '  - RULE_PROFILE must be default, statutory or council (the council profile file bundled with the code) (got "strict")',
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
    NOTICE_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/123456789012/line-of-sight-dev-notices',
    DEADLINE_EVENT_BUS: 'line-of-sight-dev-deadlines',
    SENDING: 'live',
    TEAMS_CARDS: 'on',
    AWS_REGION: 'eu-west-2',
  };
  const loadWith = async (variables: Record<string, string | undefined>) => {
    vi.resetModules();
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
    return import('../../functions/handlers/lambda/schedule-run.ts');
  };

  it('fails as it loads when NOTICE_QUEUE_URL is missing, naming it', async () => {
    await expect(loadWith({ ...SCHEDULE_RUN, NOTICE_QUEUE_URL: undefined })).rejects.toThrow(
      /\n {2}- NOTICE_QUEUE_URL is not set; it must be the https URL of the notices queue/,
    );
  });

  it('wires the deadline store, the directory and the notices queue', () => {
    const { context, environment } = scheduleRunRuntimeFrom(SCHEDULE_RUN);
    expect(environment.noticeQueueUrl).toBe(SCHEDULE_RUN.NOTICE_QUEUE_URL);
    expect(context.deadlines).toBeInstanceOf(DynamoDeadlineStore);
    expect(context.directory).toBeInstanceOf(DynamoDirectoryStore);
    expect(context.notices).toBeInstanceOf(SqsNoticeSink);
    expect(context.timing.morningRunMinutes).toBe(420);
    // Live, with Teams: nothing held, cards made.
    expect(context.holdIn).toBeUndefined();
    expect(context.teamsCards).toBe(true);
  });

  it('holds what it would send in the outbox while SENDING is paused, and makes no cards without Teams', () => {
    const { context, environment } = scheduleRunRuntimeFrom({
      ...SCHEDULE_RUN,
      SENDING: 'paused',
      TEAMS_CARDS: 'off',
    });
    expect(environment).toMatchObject({ sending: 'paused', teamsCards: false });
    expect(context.holdIn).toBeInstanceOf(DynamoNoticeOutbox);
    expect(context.teamsCards).toBe(false);
    expect(messageOf(() => scheduleRunRuntimeFrom({ ...SCHEDULE_RUN, SENDING: 'on' }))).toContain(
      '  - SENDING must be paused or live (los:sending) (got "on")',
    );
  });

  it('publishes its deadline events on the bus DEADLINE_EVENT_BUS names, and does not start without it', async () => {
    await expect(loadWith({ ...SCHEDULE_RUN, DEADLINE_EVENT_BUS: undefined })).rejects.toThrow(
      /\n {2}- DEADLINE_EVENT_BUS is not set; it must be the name of the deadline events bus/,
    );
    const { context } = scheduleRunRuntimeFrom(SCHEDULE_RUN);
    expect(await putOnTheBus(context.deadlineEvents, 'deadline.breached')).toMatchObject({
      EventBusName: 'line-of-sight-dev-deadlines',
      Source: 'line-of-sight',
      DetailType: 'deadline.breached',
    });
  });

  it('takes the run kind from the schedule (anything else is manual) and the as-of from its time', async () => {
    const module = await loadWith(SCHEDULE_RUN);
    expect(typeof module.handler).toBe('function');
    const now = () => Date.parse('2026-12-11T12:00:00Z');
    expect(runOf({ run: 'morning', scheduledTime: '2026-12-11T07:00:00Z' }, now)).toEqual({
      run: 'morning',
      asOf: Date.parse('2026-12-11T07:00:00Z'),
    });
    expect(runOf({ run: 'hourly' }, now)).toEqual({ run: 'hourly', asOf: now() });
    expect(runOf({ run: 'weekly', scheduledTime: '2026-12-14T07:15:00Z' }, now)).toEqual({
      run: 'weekly',
      asOf: Date.parse('2026-12-14T07:15:00Z'),
    });
    expect(runOf({}, now)).toEqual({ run: 'manual', asOf: now() });
    expect(runOf({ run: 'evening' }, now).run).toBe('manual');
    expect(runOf({ run: 'manual' }, now).run).toBe('manual');
    expect(runOf({ scheduledTime: 'not a time' }, now).asOf).toBe(now());
    expect(runOf('nonsense', now)).toEqual({ run: 'manual', asOf: now() });
  });

  it('runs as of the scheduled time, as the run the schedule names, and logs counts only', async () => {
    const asOfs: number[] = [];
    const info = vi.fn();
    const handle = createScheduleRunHandler(
      {
        logger: { info } as never,
        context: {
          deadlines: {
            // biome-ignore lint/correctness/useYield: a store with nothing due
            async *dueBy(asOf: string) {
              asOfs.push(Date.parse(asOf));
            },
          } as never,
          directory: {} as never,
          ledger: {} as never,
          marks: { pending: async () => [] },
          weeklyRuns: { stateOf: async () => null, record: async () => undefined },
          notices: { send: async () => undefined },
          profile: { name: 'default', rules: [] } as never,
          timing: { calendar: englandAndWalesCalendar } as never,
        },
      },
      () => Date.parse('2026-12-11T12:00:00Z'),
    );
    await expect(handle({ run: 'hourly', scheduledTime: '2026-12-11T10:30:00Z' })).resolves.toMatchObject({
      run: 'hourly',
      read: 0,
      gaps: [],
    });
    expect(asOfs).toEqual([Date.parse('2026-12-11T10:30:00Z')]);
    expect(info).toHaveBeenCalledWith('scheduled run finished', {
      run: 'hourly',
      sending: 'live',
      asOf: '2026-12-11T10:30:00.000Z',
      ruleProfile: 'default',
      dayScale: false,
      read: 0,
      acted: 0,
      due: 0,
      emails: 0,
      cards: 0,
      lines: 0,
      unknownRules: 0,
      unmoved: 0,
      overtaken: 0,
      awaitingRecompute: 0,
      deadlineEventsNotPublished: 0,
      gaps: 0,
      gapKinds: {},
      gapList: [],
      gapsNotListed: 0,
    });
  });

  it('runs the weekly run when the schedule names it, and logs its counts on the same summary line', async () => {
    const info = vi.fn();
    const handle = createScheduleRunHandler(
      {
        logger: { info } as never,
        context: {
          deadlines: {} as never,
          directory: {} as never,
          ledger: {} as never,
          marks: { pending: async () => [] },
          weeklyRuns: { stateOf: async () => null, record: async () => undefined },
          notices: { send: async () => undefined },
          profile: { name: 'default', rules: [] } as never,
          timing: { calendar: englandAndWalesCalendar } as never,
        },
      },
      () => Date.parse('2026-12-15T12:00:00Z'),
    );
    // A Tuesday that is not the first working day of its week: nothing to read or send.
    await expect(handle({ run: 'weekly', scheduledTime: '2026-12-15T07:15:00Z' })).resolves.toEqual({
      run: 'weekly',
      sending: 'live',
      week: null,
      read: 0,
      counted: 0,
      emails: 0,
      gaps: [],
      alreadyDone: false,
      awaitingRecompute: 0,
      late: 0,
    });
    expect(info).toHaveBeenCalledWith('scheduled run finished', {
      run: 'weekly',
      sending: 'live',
      asOf: '2026-12-15T07:15:00.000Z',
      ruleProfile: 'default',
      week: null,
      read: 0,
      counted: 0,
      emails: 0,
      alreadyDone: false,
      awaitingRecompute: 0,
      late: 0,
      gaps: 0,
      gapKinds: {},
      gapList: [],
      gapsNotListed: 0,
    });
  });

  it('logs the gaps by kind and by id, never their sentences, and lists at most 100', async () => {
    const gap = (n: number): DirectoryGap => ({
      kind: n % 2 === 0 ? 'unallocated' : 'vacant-level',
      message: `Case CASE-${n} has a gap that a sentence describes`,
      caseId: `CASE-${n}`,
      ...(n % 2 === 1 && { staffId: `SW-${n}`, level: 'TM' }),
    });
    const summary: RunSummary = {
      run: 'morning',
      sending: 'live',
      dayScale: true,
      read: 150,
      acted: 150,
      due: 160,
      emails: 40,
      cards: 3,
      lines: 170,
      gaps: Array.from({ length: 120 }, (_, n) => gap(n)),
      unknownRules: 1,
      unmoved: 0,
      overtaken: 0,
      awaitingRecompute: 0,
      deadlineEventsNotPublished: 0,
    };
    const attributes = summaryAttributes(summary, Date.parse('2026-12-11T07:00:00Z'), {
      profile: 'example-council',
      profileVersion: 'sha256-45ffa4a41a2d3ca8',
    });
    expect(attributes).toMatchObject({
      sending: 'live',
      ruleProfile: 'example-council',
      profileVersion: 'sha256-45ffa4a41a2d3ca8',
      gaps: 120,
      gapKinds: { unallocated: 60, 'vacant-level': 60 },
    });
    expect(attributes.gapList).toHaveLength(100);
    expect(attributes.gapsNotListed).toBe(20);
    expect((attributes.gapList as unknown[]).slice(0, 2)).toEqual([
      { kind: 'unallocated', caseId: 'CASE-0' },
      { kind: 'vacant-level', caseId: 'CASE-1', staffId: 'SW-1', level: 'TM' },
    ]);
    expect(JSON.stringify(attributes)).not.toContain('sentence');
  });
});

describe('the notify-queue entry module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const NOTIFY = {
    TABLE_NAME: 'line-of-sight-dev',
    POWERTOOLS_SERVICE_NAME: 'line-of-sight-notify',
    CASE_LINK_TEMPLATE: 'https://cases.council.example.gov.uk/cases/{caseId}',
    SENDER_ADDRESS: 'line-of-sight@council.example.gov.uk',
    SES_IDENTITY: 'council.example.gov.uk',
    SES_CONFIGURATION_SET: 'line-of-sight-dev',
    DEADLINE_EVENT_BUS: 'line-of-sight-dev-deadlines',
    RULE_PROFILE: 'default',
    AWS_REGION: 'eu-west-2',
  };
  const loadWith = async (variables: Record<string, string | undefined>) => {
    vi.resetModules();
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
    return import('../../functions/handlers/lambda/notify-queue.ts');
  };

  it('names every missing or wrong variable', () => {
    expect(
      messageOf(() => notifyEnvironmentFrom({ TABLE_NAME: 'line-of-sight-dev' }))
        .split('\n')
        .slice(1),
    ).toEqual([
      '  - POWERTOOLS_SERVICE_NAME is not set; it must be the service name on log lines, such as line-of-sight-ingest',
      '  - CASE_LINK_TEMPLATE is not set; it must be the https link of a case with {caseId}, such as https://cases.council.gov.uk/{caseId}',
      '  - SENDER_ADDRESS is not set; it must be the SES-verified address notices come from',
      '  - SES_IDENTITY is not set; it must be the SES identity the notifier sends as (los:sesIdentity): a domain, or the sender address',
      '  - SES_CONFIGURATION_SET is not set; it must be the name of the SES configuration set, such as line-of-sight-dev (letters, digits, - and _)',
      '  - DEADLINE_EVENT_BUS is not set; it must be the name of the deadline events bus, such as line-of-sight-dev-deadlines (letters, digits and . _ / -)',
      '  - RULE_PROFILE is not set; it must be default, statutory or council (the council profile file bundled with the code)',
    ]);
    expect(
      messageOf(() => notifyEnvironmentFrom({ ...NOTIFY, CASE_LINK_TEMPLATE: 'https://cases.example/' })),
    ).toContain('CASE_LINK_TEMPLATE must be the https link of a case with {caseId}');
  });

  it('reads the Teams webhooks secret’s name when set, and none when unset or empty', () => {
    expect(notifyEnvironmentFrom({ ...NOTIFY, TEAMS_WEBHOOKS_SECRET: 'los/teams-webhooks' })).toMatchObject({
      teamsWebhooksSecret: 'los/teams-webhooks',
    });
    expect(notifyEnvironmentFrom(NOTIFY).teamsWebhooksSecret).toBeNull();
    expect(notifyEnvironmentFrom({ ...NOTIFY, TEAMS_WEBHOOKS_SECRET: '' }).teamsWebhooksSecret).toBeNull();
    expect(
      messageOf(() => notifyEnvironmentFrom({ ...NOTIFY, TEAMS_WEBHOOKS_SECRET: 'a secret' })),
    ).toContain(
      '  - TEAMS_WEBHOOKS_SECRET must be the name of the Secrets Manager secret of the Teams webhook URLs (letters, digits and / _ + = . @ -), or unset or empty for no Teams (got "a secret")',
    );
  });

  it('announces each notice sent on the bus DEADLINE_EVENT_BUS names', async () => {
    const { context } = (await loadWith(NOTIFY)).notifyRuntimeFrom(NOTIFY);
    expect(await putOnTheBus(context.deadlineEvents, 'notice.sent')).toMatchObject({
      EventBusName: 'line-of-sight-dev-deadlines',
      Source: 'line-of-sight',
      DetailType: 'notice.sent',
    });
  });

  it('fails as it loads when SENDER_ADDRESS is missing, naming it', async () => {
    await expect(loadWith({ ...NOTIFY, SENDER_ADDRESS: undefined })).rejects.toThrow(
      /\n {2}- SENDER_ADDRESS is not set;/,
    );
  });

  it('wires the ledger, SES through the configuration set, Teams and the render settings', async () => {
    const module = await loadWith(NOTIFY);
    expect(typeof module.handler).toBe('function');
    const { context } = module.notifyRuntimeFrom(NOTIFY);
    // By name: the module was loaded afresh, with classes of its own.
    expect(context.ledger.constructor.name).toBe(DynamoNoticeLedger.name);
    expect(context.email.constructor.name).toBe(SesEmailSender.name);
    expect(context.teams.constructor.name).toBe(WebhookTeamsPoster.name);
    expect(context.render).toMatchObject({
      caseLinkTemplate: NOTIFY.CASE_LINK_TEMPLATE,
      showInitials: false,
    });
    // England & Wales bank holidays: Christmas Day 2026 is a Friday.
    expect(context.render.calendar.isWorkingDay(parseIsoDate('2026-12-25'))).toBe(false);
    expect(context.render.calendar.isWorkingDay(parseIsoDate('2026-12-24'))).toBe(true);
    expect(context.leaseSeconds).toBe(DEFAULT_LEASE_SECONDS);

    // The sender and the configuration set reach SES.
    const send = vi
      .spyOn(SESv2Client.prototype, 'send')
      .mockImplementation(async () => ({ MessageId: 'ses-1', $metadata: {} }));
    try {
      await context.email.send({ to: 'a@council.example.gov.uk', subject: 's', text: 't', html: '<p>t</p>' });
      expect((send.mock.calls[0]?.[0] as SendEmailCommand | undefined)?.input).toMatchObject({
        FromEmailAddress: 'Line of Sight <line-of-sight@council.example.gov.uk>',
        ConfigurationSetName: 'line-of-sight-dev',
      });
    } finally {
      send.mockRestore();
    }
  });

  it('posts Teams cards to the URLs in the secret TEAMS_WEBHOOKS_SECRET names, and none without it', async () => {
    const url = 'https://prod-00.uksouth.logic.azure.com/workflows/abc?sig=SIGNATURE';
    const read = vi.spyOn(SecretsManagerClient.prototype, 'send').mockImplementation(async () => ({
      SecretString: JSON.stringify({ 'teams-north-1': url }),
      $metadata: {},
    }));
    const posted: string[] = [];
    vi.stubGlobal('fetch', async (to: string) => {
      posted.push(to);
      return new Response(null, { status: 202 });
    });
    try {
      const { context } = (await loadWith(NOTIFY)).notifyRuntimeFrom({
        ...NOTIFY,
        TEAMS_WEBHOOKS_SECRET: 'los/teams-webhooks',
      });
      await context.teams.post('teams-north-1', { type: 'message' });
      expect((read.mock.calls[0]?.[0] as GetSecretValueCommand | undefined)?.input).toEqual({
        SecretId: 'los/teams-webhooks',
      });
      expect(posted).toEqual([url]);

      const unconfigured = (await loadWith(NOTIFY)).notifyRuntimeFrom(NOTIFY).context;
      await expect(unconfigured.teams.post('teams-north-1', { type: 'message' })).rejects.toThrow(
        'Teams is not configured (los:teamsWebhooksSecret)',
      );
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
      vi.unstubAllGlobals();
    }
  });
});

describe('the ses-events entry module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const SES_EVENTS = {
    TABLE_NAME: 'line-of-sight-dev',
    POWERTOOLS_SERVICE_NAME: 'line-of-sight-ses-events',
    AWS_REGION: 'eu-west-2',
  };

  it('fails as it loads when TABLE_NAME is missing, naming it', async () => {
    vi.resetModules();
    stubEnvironment({ ...SES_EVENTS, TABLE_NAME: undefined });
    await expect(import('../../functions/handlers/lambda/ses-events.ts')).rejects.toThrow(
      /\n {2}- TABLE_NAME is not set;/,
    );
  });

  it('exports a handler over the directory in the table', async () => {
    vi.resetModules();
    stubEnvironment(SES_EVENTS);
    const module = await import('../../functions/handlers/lambda/ses-events.ts');
    expect(typeof module.handler).toBe('function');
    expect(sesEventsRuntimeFrom(SES_EVENTS).directory).toBeInstanceOf(DynamoDirectoryStore);
  });

  const stubEnvironment = (variables: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  };
});
