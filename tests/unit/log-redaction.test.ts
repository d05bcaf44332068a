/**
 * Logs hold ids and counts, never personal data. Each Lambda handler is driven with input full of
 * sentinel personal data (a member of staff's name and address, a team's name, a child's name, a date
 * of birth, a case note, a Teams webhook's signature), along its happy paths and its failures, through
 * the real Powertools logger at its most verbose; everything written to the console, stdout or stderr
 * is captured, as are the errors a handler lets reach the Lambda runtime (which logs them), and no
 * sentinel may appear in any of it. The sentinels do reach the handlers' output (the notices, the
 * quarantine), which shows they went past the logger.
 */
import { format } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, Context, SNSEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryDirectoryStore } from '../../functions/adapters/memory/directory-store.ts';
import {
  MemoryCaseEventStore,
  MemoryNoticeLedger,
  MemoryWeeklyRunLog,
} from '../../functions/adapters/memory/stores.ts';
import { SesEmailSender } from '../../functions/adapters/ses/email-sender.ts';
import { SqsNoticeSink } from '../../functions/adapters/sqs/notice-sink.ts';
import { WebhookTeamsPoster } from '../../functions/adapters/teams/webhook-poster.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import type { ImportRecord } from '../../functions/core/imports/import-record.ts';
import type { ManifestEntry } from '../../functions/core/imports/reconcile.ts';
import type { Notice } from '../../functions/core/notices/message.ts';
import { DEFAULT_LEASE_SECONDS } from '../../functions/delivery/deliver.ts';
import { createDirectoryLoaderHandler } from '../../functions/handlers/directory-loader.ts';
import { createImportLoaderHandler } from '../../functions/handlers/import-loader.ts';
import { createIngestHttpHandler } from '../../functions/handlers/ingest-http.ts';
import { createIngestQueueHandler } from '../../functions/handlers/ingest-queue.ts';
import { INGEST_LOG } from '../../functions/handlers/lambda/environment.ts';
import { handlerLoggerOf } from '../../functions/handlers/lambda/runtime.ts';
import { createNotifyQueueHandler } from '../../functions/handlers/notify-queue.ts';
import { createSesEventsHandler } from '../../functions/handlers/ses-events.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { startTeamsSink } from '../../local/teams-sink.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';
import {
  breach,
  emailNotice,
  managerLines,
  manyBreaches,
  renderSettings,
  teamsNotice,
  workerLines,
} from '../support/notice-lines.ts';

const SENTINELS = {
  staffName: 'Sentinel Staffname',
  email: 'sentinel.staff@council.example',
  teamName: 'Sentinel Teamname',
  childName: 'Sentinel Childname',
  dateOfBirth: '2016-05-17',
  caseNote: 'bruising on her left arm',
  webhookSignature: 'SentinelSignature',
} as const;

/** Everything written while a handler ran, and the logger the handlers were given. */
interface Captured {
  lines: string[];
  logger: Logger;
}

/** Captures the console and both output streams, and makes a logger that logs everything. */
function capture(): Captured & { restore(): void } {
  const lines: string[] = [];
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(format(...args));
    }),
  );
  const streamSpies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }),
  );
  const logger = new Logger({ serviceName: 'line-of-sight-test', logLevel: 'DEBUG' });
  return {
    lines,
    logger,
    restore: () => {
      for (const spy of [...consoleSpies, ...streamSpies]) spy.mockRestore();
    },
  };
}

/** Fails when any sentinel is in `texts`; passes the count of texts so a silent capture cannot pass. */
function expectNoPersonalData(texts: readonly string[]) {
  expect(texts.length).toBeGreaterThan(0);
  const all = texts.join('\n');
  for (const [name, value] of Object.entries(SENTINELS))
    expect(all, `${name} was logged`).not.toContain(value);
}

/**
 * The fields the alarms' metric filters read, from every JSON line that has them. They must be counts,
 * never anything from the input: fails unless each is a whole number. Returns the rejections' total.
 */
function rejectedCounted(lines: readonly string[]): number {
  const counted = lines
    .flatMap((line) => line.split('\n'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    })
    .filter((entry) => INGEST_LOG.rejectedField in entry);
  expect(counted.length).toBeGreaterThan(0);
  for (const entry of counted) {
    expect(Number.isInteger(entry[INGEST_LOG.rejectedField])).toBe(true);
    expect(Number.isInteger(entry[INGEST_LOG.caseProblemsField])).toBe(true);
  }
  return counted.reduce((sum, entry) => sum + (entry[INGEST_LOG.rejectedField] as number), 0);
}

/** An error as the Lambda runtime logs it: its type, message and stack. */
const asRuntimeLogs = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);

let captured: Captured & { restore(): void };
beforeEach(() => {
  captured = capture();
});
afterEach(() => {
  captured.restore();
  vi.unstubAllEnvs();
});

/** Case events carrying personal data, valid and not, as a case system might send them by mistake. */
const ingestInputs = (): string[] => [
  // Valid: a date of birth is personal data the contract carries.
  JSON.stringify({
    id: 'e-1',
    type: 'child.updated',
    caseId: 'CASE-1',
    occurredAt: '2026-11-02',
    data: { dateOfBirth: SENTINELS.dateOfBirth },
  }),
  // A name and a case note in fields the contract does not have.
  JSON.stringify({
    id: 'e-2',
    type: 'visit.completed',
    caseId: 'CASE-1',
    occurredAt: '2026-11-10',
    childName: SENTINELS.childName,
    data: { visitType: 'cp', childSeen: true, notes: SENTINELS.caseNote },
  }),
  // Not JSON, cut off inside the name (V8's error quotes the text around the fault).
  `{"id":"e-3","type":"visit.completed","caseId":"CASE-1","childName":"${SENTINELS.childName}`,
  // A note pasted into the id, with a line break: not an id, so not repeated as one.
  JSON.stringify({
    id: `${SENTINELS.childName}\n${SENTINELS.caseNote}`,
    type: 'cp_plan.started',
    caseId: 'CASE-1',
    occurredAt: '2026-11-02',
    data: {},
  }),
  // A date of birth where a date cannot be.
  JSON.stringify({
    id: 'e-5',
    type: 'child.updated',
    caseId: 'CASE-1',
    occurredAt: `${SENTINELS.dateOfBirth}T25:00:00Z`,
    data: { dateOfBirth: SENTINELS.dateOfBirth },
  }),
];

/** An event store that fails for CASE-DOWN with an error quoting what it was given. */
class QuotingFailureStore extends MemoryCaseEventStore {
  override async append(...args: Parameters<MemoryCaseEventStore['append']>) {
    if (args[0].caseId === 'CASE-DOWN') throw new Error(`could not store ${JSON.stringify(args[0])}`);
    return super.append(...args);
  }
}

const downEvent = JSON.stringify({
  id: 'e-down',
  type: 'child.updated',
  caseId: 'CASE-DOWN',
  occurredAt: '2026-11-02',
  data: { dateOfBirth: SENTINELS.dateOfBirth },
});

const sqsRecord = (messageId: string, body: string, receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body,
  attributes: { ApproximateReceiveCount: String(receiveCount) } as SQSRecord['attributes'],
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-2:111111111111:line-of-sight-test',
  awsRegion: 'eu-west-2',
});

describe('the ingest handlers', () => {
  it('the SQS handler logs ids and outcomes only, whatever the events hold and however storage fails', async () => {
    const context = memoryIngestContext('2026-11-23T10:00:00Z', new QuotingFailureStore());
    const handler = createIngestQueueHandler(context, handlerLoggerOf(captured.logger));
    const envelope = (detail: string) =>
      detail.startsWith('{"id":"e-3"')
        ? detail
        : `{"detail-type":"case-event","source":"mosaic","detail":${detail}}`;
    const records = [...ingestInputs(), downEvent].map((body, n) => sqsRecord(`m${n + 1}`, envelope(body)));
    const response = await handler({ Records: records } as SQSEvent, {} as Context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm6' }]);
    // The personal data reached ingest: it is in the quarantine, for people to correct.
    expect(JSON.stringify(context.quarantine.entries)).toContain(SENTINELS.caseNote);

    // Every message failing makes the batch throw, and the runtime logs that error.
    const thrown = await handler(
      { Records: [sqsRecord('m7', envelope(downEvent))] } as SQSEvent,
      {} as Context,
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect((thrown as Error).name).toBe('FullBatchFailureError');
    expectNoPersonalData([...captured.lines, asRuntimeLogs(thrown)]);
    expect(captured.lines.join('\n')).toContain('"messageId":"m1"');
    // The counts the alarms add up are numbers, and add up to what was quarantined.
    expect(rejectedCounted(captured.lines)).toBe(context.quarantine.entries.length);
  });

  it('the HTTPS handler logs the request id and counts only, also when storage is down', async () => {
    const context = memoryIngestContext('2026-11-23T10:00:00Z', new QuotingFailureStore());
    const handler = createIngestHttpHandler(context, handlerLoggerOf(captured.logger));
    const post = (body: string) =>
      handler({
        body,
        isBase64Encoded: false,
        requestContext: { requestId: 'r-1' },
      } as APIGatewayProxyEventV2);
    expect((await post(ingestInputs().join('\n'))).statusCode).toBe(200);
    expect((await post(`${SENTINELS.childName} ${SENTINELS.caseNote}`)).statusCode).toBe(200);
    expect((await post('')).statusCode).toBe(400);
    expect((await post(downEvent)).statusCode).toBe(503);
    expectNoPersonalData(captured.lines);
    expect(captured.lines.join('\n')).toContain('"requestId":"r-1"');
    // The counts the alarms add up are numbers, and add up to what was quarantined.
    expect(rejectedCounted(captured.lines)).toBe(context.quarantine.entries.length);
  });
});

/** SMALL_DIRECTORY with every name, address and team name a sentinel; ATM-1 has left. */
const sentinelDirectory = (): DirectoryData => ({
  teams: SMALL_DIRECTORY.teams.map((team) => ({ ...team, name: `${SENTINELS.teamName} ${team.id}` })),
  staff: SMALL_DIRECTORY.staff.map((member) => ({
    ...member,
    name: `${SENTINELS.staffName} ${member.id}`,
    email: member.id === 'SW-1' ? SENTINELS.email : `${member.id.toLowerCase()}.${SENTINELS.email}`,
    ...(member.id === 'ATM-1' && { leftOn: '2026-06-30' }),
  })),
});

describe('the scheduled runs', () => {
  it('log counts and the ids of directory gaps, never a name, an address or a date of birth', async () => {
    // Deadlines from a history: a plan since September, its visits late, a date of birth on record.
    const ingest = memoryIngestContext('2026-11-20T10:00:00Z');
    const history = [
      {
        id: 'h-1',
        type: 'child.updated',
        occurredAt: '2026-09-01',
        data: { dateOfBirth: SENTINELS.dateOfBirth },
      },
      {
        id: 'h-2',
        type: 'case.allocated',
        occurredAt: '2026-09-01',
        data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
      },
      { id: 'h-3', type: 'cp_plan.started', occurredAt: '2026-09-07', data: {} },
      {
        id: 'h-4',
        type: 'case.allocated',
        occurredAt: '2026-09-01',
        data: { workerId: 'SW-9', reason: 'new' },
      },
      { id: 'h-5', type: 'cp_plan.started', occurredAt: '2026-09-07', data: {} },
    ].map((event, n) => ({ ...event, caseId: n < 3 ? 'CASE-L1' : 'CASE-L2' }));
    expect((await ingestBatch(history, 'test', ingest)).rejected).toBe(0);
    const directory = new MemoryDirectoryStore();
    await directory.replace(sentinelDirectory());

    vi.resetModules();
    for (const [name, value] of Object.entries({
      TABLE_NAME: 'line-of-sight-test',
      RULE_PROFILE: 'default',
      MORNING_RUN_TIME: '07:00',
      POWERTOOLS_SERVICE_NAME: 'line-of-sight-schedule-run',
      NOTICE_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/111111111111/line-of-sight-test-notices',
      AWS_REGION: 'eu-west-2',
    }))
      vi.stubEnv(name, value);
    const { createScheduleRunHandler } = await import('../../functions/handlers/schedule-run.ts');
    // A run whose messages the queue refuses throws (moving nothing on), and the runtime logs the
    // error. SQS says why each entry failed in words of its own; the sink reports the codes.
    const refusingQueue = {
      send: async (command: SendMessageBatchCommand) => ({
        Failed: (command.input.Entries ?? []).map((entry) => ({
          Id: entry.Id,
          Code: 'InvalidMessageContents',
          SenderFault: true,
          Message: `refused: ${entry.MessageBody}`,
        })),
        $metadata: {},
      }),
    };
    const failing = createScheduleRunHandler({
      logger: captured.logger,
      context: {
        deadlines: ingest.deadlines,
        directory,
        ledger: new MemoryNoticeLedger(),
        marks: ingest.marks,
        weeklyRuns: new MemoryWeeklyRunLog(),
        notices: new SqsNoticeSink(refusingQueue as never, 'https://sqs.eu-west-2.amazonaws.com/1/q'),
        profile: ingest.profile,
        timing: ingest.timing,
      },
    });
    const thrown = await failing({ run: 'morning', scheduledTime: '2026-11-23T07:00:00Z' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect((thrown as Error).name).toBe('NoticeQueueError');
    const sent: Notice[] = [];
    const handle = createScheduleRunHandler({
      logger: captured.logger,
      context: {
        deadlines: ingest.deadlines,
        directory,
        ledger: new MemoryNoticeLedger(),
        marks: ingest.marks,
        weeklyRuns: new MemoryWeeklyRunLog(),
        notices: { send: async (notices: readonly Notice[]) => void sent.push(...notices) },
        profile: ingest.profile,
        timing: ingest.timing,
      },
    });
    // Monday morning: digests, escalations, team cards; then the weekly summaries.
    const morning = await handle({ run: 'morning', scheduledTime: '2026-11-23T07:00:00Z' });
    expect(morning.gaps.length).toBeGreaterThan(0);
    await handle({ run: 'weekly', scheduledTime: '2026-11-23T07:00:00Z' });
    expect(JSON.stringify(sent)).toContain(SENTINELS.staffName);
    expect(sent.some((notice) => notice.kind === 'weekly')).toBe(true);
    expectNoPersonalData([...captured.lines, asRuntimeLogs(thrown)]);
    expect(captured.lines.join('\n')).toContain('scheduled run finished');
  });
});

describe('the notifier', () => {
  it('logs message ids, keys and counts only, for sends that work, sends that fail and bodies that are not notices', async () => {
    const sink = await startTeamsSink();
    try {
      // SES quotes the recipient's address when it refuses a message.
      const ses = {
        send: vi.fn(async (command: { input: { Destination?: { ToAddresses?: string[] } } }) => {
          const [to] = command.input.Destination?.ToAddresses ?? [];
          if (to === SENTINELS.email) {
            throw Object.assign(
              new Error(`Email address is not verified. The following identities failed the check: ${to}`),
              { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } },
            );
          }
          return { MessageId: 'ses-1', $metadata: {} };
        }),
      };
      const handler = createNotifyQueueHandler(
        {
          ledger: new MemoryNoticeLedger(),
          email: new SesEmailSender(ses as never, { from: 'Line of Sight <los@council.example>' }),
          teams: new WebhookTeamsPoster(async (channel) => {
            // A URL that cannot be read out of its secret fails with the store's own words.
            if (channel === 'unreadable')
              throw new Error(`secret value ${SENTINELS.webhookSignature} not readable`);
            return `${sink.webhookUrl(channel)}?sig=${SENTINELS.webhookSignature}`;
          }),
          render: renderSettings,
          now: () => Date.parse('2026-11-23T07:01:00Z'),
          leaseSeconds: DEFAULT_LEASE_SECONDS,
        },
        handlerLoggerOf(captured.logger),
      );
      const person = { name: SENTINELS.staffName, email: SENTINELS.email };
      const notices: Notice[] = [
        emailNotice(workerLines(), { recipient: person }),
        emailNotice(managerLines(), {
          recipient: { ...person, staffId: 'M-201', email: 'm-201@council.example' },
        }),
        // Each card's lines are its own in the ledger (a team channel is their recipient).
        { ...teamsNotice(manyBreaches(3)), teamName: SENTINELS.teamName },
        {
          ...teamsNotice([breach('2026-11-18', 1, { caseId: 'CASE-9001' }, 'team:T-2')]),
          teamName: SENTINELS.teamName,
          key: 'team-summary|T-2|2026-11-23',
          teamsChannel: 'unreadable',
        },
      ];
      sink.failNext(1, 500);
      const bodies = [
        ...notices.map((notice) => JSON.stringify(notice)),
        `{"recipient":{"name":"${SENTINELS.staffName}","email":"${SENTINELS.email}"`,
        JSON.stringify({
          channel: 'email',
          kind: 'digest',
          recipient: { name: SENTINELS.staffName, email: SENTINELS.email },
        }),
      ];
      const records = bodies.map((body, n) => sqsRecord(`n${n + 1}`, body, 2));
      const response = await handler({ Records: records } as SQSEvent, {} as Context);
      // The refused address, the Teams post that failed, the unreadable secret and the two bad bodies.
      expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
        'n1',
        'n3',
        'n4',
        'n5',
        'n6',
      ]);
      expect(
        (await handler({ Records: [records[2] as SQSRecord] } as SQSEvent, {} as Context)).batchItemFailures,
      ).toEqual([]);
      expect(JSON.stringify(sink.cards())).toContain(SENTINELS.teamName);
      expectNoPersonalData(captured.lines);
      expect(captured.lines.join('\n')).toContain('"messageId":"n2"');
    } finally {
      await sink.close();
    }
  });
});

describe('the SES events handler', () => {
  const sns = (...messages: string[]): SNSEvent => ({
    Records: messages.map((Message, n) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-2:111111111111:line-of-sight-test-ses-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: `sns-${n + 1}`,
        TopicArn: 'arn:aws:sns:eu-west-2:111111111111:line-of-sight-test-ses-events',
        Subject: null as never,
        Message,
        Timestamp: '2026-11-23T07:02:01.000Z',
        SignatureVersion: '1',
        Signature: '',
        SigningCertUrl: '',
        UnsubscribeUrl: '',
        MessageAttributes: {},
      },
    })),
  });
  const bounce = (bounceType: string) =>
    JSON.stringify({
      eventType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType: 'General',
        bouncedRecipients: [
          {
            emailAddress: SENTINELS.email,
            diagnosticCode: `smtp; 550 5.1.1 <${SENTINELS.email}> (${SENTINELS.staffName}): unknown`,
          },
        ],
      },
      mail: {
        messageId: 'ses-1',
        destination: [SENTINELS.email],
        commonHeaders: { to: [SENTINELS.staffName] },
      },
    });
  const complaint = JSON.stringify({
    eventType: 'Complaint',
    complaint: { complainedRecipients: [{ emailAddress: SENTINELS.email }], complaintFeedbackType: 'abuse' },
    mail: { messageId: 'ses-2' },
  });

  it('logs SNS and SES message ids, types and counts, never an address', async () => {
    const directory = new MemoryDirectoryStore();
    await directory.replace(sentinelDirectory());
    const handler = createSesEventsHandler(directory, handlerLoggerOf(captured.logger));
    const summary = await handler(
      sns(
        bounce('Permanent'),
        bounce('Transient'),
        complaint,
        `not JSON: ${SENTINELS.email}`,
        JSON.stringify({ eventType: 'Subscription', mail: { destination: [SENTINELS.email] } }),
      ),
    );
    expect(summary).toMatchObject({ notifications: 5, staffMarked: 2, ignored: 1, unreadable: 2 });

    // A directory that cannot be written: the invocation fails, and the runtime logs the error.
    const down = createSesEventsHandler(
      {
        markUndeliverable: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
      handlerLoggerOf(captured.logger),
    );
    const thrown = await down(sns(complaint)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    expectNoPersonalData([...captured.lines, asRuntimeLogs(thrown)]);
    expect(captured.lines.join('\n')).toContain('"snsMessageId":"sns-1"');
  });
});

describe('the directory loader', () => {
  const HEADER = 'record,id,name,email,level,team,reports_to,left_on,parent,teams_channel,duty';
  const GOOD = [
    HEADER,
    `team,team-north-1,${SENTINELS.teamName},,,,,,,teams-north-1,yes`,
    `staff,TM-01,${SENTINELS.staffName},${SENTINELS.email},TM,team-north-1,,,,,`,
  ].join('\n');
  // Values where others belong: a name as a level, an address as a line manager, a note as a date.
  const BAD = [
    HEADER,
    `team,team-north-1,${SENTINELS.teamName},,,,,,,,`,
    `staff,TM-01,${SENTINELS.staffName},${SENTINELS.email},${SENTINELS.childName},team-north-1,${SENTINELS.email},${SENTINELS.caseNote},,,`,
  ].join('\n');
  const files = new Map<string, string>([
    ['directory/good.csv', GOOD],
    ['directory/bad.csv', BAD],
    [`directory/${SENTINELS.staffName}.csv`, GOOD],
  ]);
  const importFiles = {
    read: async (key: string) => {
      const text = files.get(key);
      return text === undefined ? null : new TextEncoder().encode(text);
    },
  };
  const created = (key: string) => ({
    id: 'event-1',
    'detail-type': 'Object Created',
    detail: { bucket: { name: 'line-of-sight-dev-imports-1' }, object: { key, size: 100 } },
  });

  it('logs keys, counts and rows and columns, never a name, an address or a value from the file', async () => {
    const directory = new MemoryDirectoryStore();
    const handler = createDirectoryLoaderHandler({
      files: importFiles,
      directory,
      logger: handlerLoggerOf(captured.logger),
    });
    expect(await handler(created('directory/good.csv'))).toMatchObject({ outcome: 'loaded' });
    expect(await handler(created('directory/bad.csv'))).toMatchObject({ outcome: 'refused' });
    expect(await handler(created(`directory/${SENTINELS.staffName}.csv`))).toMatchObject({
      outcome: 'loaded',
    });
    expect(await handler(created(`elsewhere/${SENTINELS.email}`))).toEqual({ outcome: 'ignored' });
    // They went past the logger into the directory.
    expect((await directory.load()).staff[0]?.name).toBe(SENTINELS.staffName);

    // A directory that cannot be written: the invocation fails, and the runtime logs the error.
    const down = createDirectoryLoaderHandler({
      files: importFiles,
      directory: {
        replace: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
      logger: handlerLoggerOf(captured.logger),
    });
    const thrown = await down(created('directory/good.csv')).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    expectNoPersonalData([...captured.lines, asRuntimeLogs(thrown)]);
    expect(captured.lines.join('\n')).toContain('"key":"directory/bad.csv"');
  });
});

describe('the import loader', () => {
  // An SSD extract with a name where a date belongs, a note as a flag, and names where names are.
  const extract = zipSync({
    'ssd_person.csv': strToU8(
      `pers_person_id,pers_forename,pers_dob\nCASE-1,${SENTINELS.childName},${SENTINELS.dateOfBirth}\n`,
    ),
    'ssd_cp_visits.csv': strToU8(
      'cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen\n' +
        `V1,CASE-1,${SENTINELS.staffName},${SENTINELS.caseNote}\nV2,CASE-1,2026-11-02,Y\n`,
    ),
    'ssd_department.csv': strToU8(`dept_team_id,dept_team_name\nteam-9,${SENTINELS.teamName}\n`),
  });
  const files = new Map<string, Uint8Array>([
    ['imports/ssd/extract.zip', extract],
    ['imports/ssd/bad.zip', strToU8(`not a zip: ${SENTINELS.caseNote}`)],
    [`imports/ssd/${SENTINELS.staffName}.zip`, extract],
  ]);
  const created = (key: string) => ({
    id: 'event-1',
    'detail-type': 'Object Created',
    detail: { bucket: { name: 'line-of-sight-dev-imports-1' }, object: { key, size: 100 } },
  });
  /** The manifests and the imports' records, in memory. */
  const memoryImports = () => {
    const manifests = new Map<string, ManifestEntry[]>();
    const records: ImportRecord[] = [];
    return {
      manifests: {
        entriesOf: async () => [...manifests.values()].flat(),
        saveCases: async (
          _source: string,
          cases: readonly { caseId: string; entries: readonly ManifestEntry[] }[],
        ) => {
          for (const { caseId, entries } of cases) manifests.set(caseId, [...entries]);
        },
      },
      imports: {
        record: async (record: ImportRecord) => void records.push(record),
        latest: async () => records,
      },
    };
  };

  it('logs keys, counts and problems’ places, never a name, a date of birth or a value from the file', async () => {
    const context = memoryIngestContext();
    const { manifests, imports } = memoryImports();
    const directory = new MemoryDirectoryStore();
    await directory.replace(sentinelDirectory());
    const deps = {
      files: { read: async (key: string) => files.get(key) ?? null },
      stores: { ...context, manifests, directory },
      imports,
      context,
      logger: handlerLoggerOf(captured.logger),
    };
    const handler = createImportLoaderHandler(deps);
    expect(await handler(created('imports/ssd/extract.zip'))).toMatchObject({ outcome: 'imported' });
    expect(await handler(created('imports/ssd/bad.zip'))).toMatchObject({ outcome: 'refused' });
    expect(await handler(created(`imports/ssd/${SENTINELS.staffName}.zip`))).toMatchObject({
      outcome: 'imported',
    });
    expect(await handler(created(`imports/${SENTINELS.email}/x.zip`))).toMatchObject({ outcome: 'refused' });
    // They went past the logger into the store.
    expect(
      (await context.events.eventsOf('CASE-1')).some(({ data }) =>
        JSON.stringify(data).includes(SENTINELS.dateOfBirth),
      ),
    ).toBe(true);

    // A table that cannot be written: the invocation fails, and the runtime logs the error.
    const down = createImportLoaderHandler({
      ...deps,
      imports: {
        ...imports,
        record: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
    });
    const thrown = await down(created('imports/ssd/extract.zip')).then(
      () => null,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(Error);
    expectNoPersonalData([...captured.lines, asRuntimeLogs(thrown)]);
    expect(captured.lines.join('\n')).toContain('"problemPlaces"');
  });
});
