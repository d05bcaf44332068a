/**
 * The notifier behind the notices queue: each message a notice, delivered through the ledger; a body
 * that is not a notice, a failed send or a failed ledger write fails that message alone, logged by
 * ids; messages are sent one at a time.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { MemoryNoticeLedger } from '../../functions/adapters/memory/stores.ts';
import { englandAndWalesCalendar } from '../../functions/core/calendar/index.ts';
import type { EmailNotice, Notice, NoticeLine, TeamsNotice } from '../../functions/core/notices/message.ts';
import { ConfigurationError, type OutgoingEmail, SendError } from '../../functions/core/ports.ts';
import type { DeliveryContext } from '../../functions/delivery/deliver.ts';
import type { noticeSchema } from '../../functions/delivery/notice-schema.ts';
import {
  createNotifyQueueHandler,
  NoticeBodyError,
  noticeIn,
} from '../../functions/handlers/notify-queue.ts';
import { noticeLine } from '../support/notice-lines.ts';

const line = (caseId: string, recipient = 'SW-001'): NoticeLine =>
  noticeLine(
    {
      caseId,
      source: [{ document: 'wt-2023', section: 'ch. 3', ref: 'para 190' }],
      due: '2026-12-11',
      workerId: 'SW-001',
      teamId: 'team-north-1',
    },
    recipient,
  );

const digest = (staffId: string, ...caseIds: string[]): EmailNotice => ({
  channel: 'email',
  kind: 'digest',
  key: `digest|${staffId}|2026-12-11`,
  day: '2026-12-11',
  asOf: '2026-12-11T07:00:00.000Z',
  recipient: {
    staffId,
    name: 'Synthetic Worker',
    email: `${staffId.toLowerCase()}@council.example`,
    level: 'worker',
  },
  lines: caseIds.map((caseId) => line(caseId, staffId)),
});

const card: TeamsNotice = {
  channel: 'teams',
  kind: 'team-summary',
  key: 'team-summary|team-north-1|2026-12-11',
  day: '2026-12-11',
  asOf: '2026-12-11T07:00:00.000Z',
  teamId: 'team-north-1',
  teamName: 'North 1',
  teamsChannel: 'los/teams/north-1',
  lines: [
    {
      ...line('CASE-9', 'team:team-north-1'),
      stage: 'escalation',
      stageKey: 'escalation-0',
      ladderStep: 1,
      as: 'TM',
    },
  ],
};

const record = (messageId: string, body: unknown): SQSRecord => ({
  messageId,
  receiptHandle: messageId,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: { ApproximateReceiveCount: '1' } as SQSRecord['attributes'],
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-2:111111111111:line-of-sight-dev-notices',
  awsRegion: 'eu-west-2',
});

const batch = (...records: SQSRecord[]) => ({ Records: records }) as SQSEvent;

interface Options {
  /** Makes the email send fail for this recipient. */
  failFor?: { to: string; error: Error };
  ledger?: MemoryNoticeLedger;
}

function setup(options: Options = {}) {
  const ledger = options.ledger ?? new MemoryNoticeLedger();
  const emails: OutgoingEmail[] = [];
  const posts: { channel: string; payload: unknown }[] = [];
  const logged: { level: 'info' | 'warn'; message: string; attributes: Record<string, unknown> }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const context: DeliveryContext = {
    ledger,
    email: {
      async send(email) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        if (options.failFor?.to === email.to) throw options.failFor.error;
        emails.push(email);
        return `ses-${emails.length}`;
      },
    },
    teams: {
      async post(channel, payload) {
        posts.push({ channel, payload });
      },
    },
    render: {
      caseLinkTemplate: 'https://cases.council.example/cases/{caseId}',
      calendar: englandAndWalesCalendar,
      showInitials: false,
    },
    now: () => Date.parse('2026-12-11T07:01:00Z'),
    leaseSeconds: 300,
  };
  const handler = createNotifyQueueHandler(context, {
    info: (message, attributes) => logged.push({ level: 'info', message, attributes }),
    warn: (message, attributes) => logged.push({ level: 'warn', message, attributes }),
  });
  return { handler, ledger, emails, posts, logged, mostInFlight: () => mostInFlight };
}

describe('the notice schema', () => {
  it('reads a notice as the run wrote it: its output is exactly a Notice', () => {
    expectTypeOf<z.output<typeof noticeSchema>>().toEqualTypeOf<Notice>();
    expect(noticeIn(JSON.stringify(digest('SW-001', 'CASE-1')))).toEqual(digest('SW-001', 'CASE-1'));
    expect(noticeIn(JSON.stringify(card))).toEqual(card);
    // A part of a notice too big for one message (`…#part2`) is a notice too.
    const part = { ...digest('SW-001', 'CASE-1'), key: 'digest|SW-001|2026-12-11#part2' };
    expect(noticeIn(JSON.stringify(part))).toEqual(part);
  });

  it('drops fields it does not know, so a newer run does not fail every message', () => {
    expect(noticeIn(JSON.stringify({ ...card, colour: 'red' }))).toEqual(card);
  });

  it('says where a body is wrong without quoting it', () => {
    const { recipient: _, ...noRecipient } = digest('SW-001', 'CASE-1');
    const problemsOf = (body: string) => {
      try {
        noticeIn(body);
      } catch (error) {
        expect(error).toBeInstanceOf(NoticeBodyError);
        return (error as NoticeBodyError).problems;
      }
      throw new Error('expected the body to be refused');
    };
    expect(problemsOf('{"recipient": "Jo Bloggs <jo@council.example>", oops')).toEqual([
      'the body is not JSON',
    ]);
    expect(problemsOf(JSON.stringify(noRecipient))).toEqual(['recipient: invalid_type']);
    expect(problemsOf(JSON.stringify({ ...card, channel: 'sms' }))).toEqual(['channel: invalid_union']);
    expect(problemsOf(JSON.stringify({ ...card, lines: [] }))).toEqual(['lines: too_small']);
  });
});

describe('the notifier', () => {
  it('delivers an email notice: claims each line, sends once, marks them sent, logs ids only', async () => {
    const { handler, ledger, emails, logged } = setup();
    const response = await handler(batch(record('m1', digest('SW-001', 'CASE-1', 'CASE-2'))), {} as Context);
    expect(response.batchItemFailures).toEqual([]);
    expect(emails.map((email) => email.to)).toEqual(['sw-001@council.example']);
    const entries = await ledger.noticesOf('CASE-1');
    expect(entries).toMatchObject([{ state: 'sent', messageId: 'ses-1', recipient: 'SW-001' }]);
    expect(logged).toEqual([
      {
        level: 'info',
        message: 'notice delivered',
        attributes: {
          messageId: 'm1',
          receiveCount: 1,
          key: 'digest|SW-001|2026-12-11',
          channel: 'email',
          kind: 'digest',
          sent: true,
          lines: 2,
          taken: 0,
          deadlineEventsNotPublished: 0,
        },
      },
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/council\.example|Synthetic Worker/);
  });

  it('delivers a Teams card to the channel the notice names', async () => {
    const { handler, posts } = setup();
    const response = await handler(batch(record('m1', card)), {} as Context);
    expect(response.batchItemFailures).toEqual([]);
    expect(posts.map((post) => post.channel)).toEqual(['los/teams/north-1']);
  });

  it('sends nothing for a message delivered again: the ledger holds its lines', async () => {
    const { handler, emails, logged } = setup();
    await handler(batch(record('m1', digest('SW-001', 'CASE-1'))), {} as Context);
    await handler(batch(record('m1-again', digest('SW-001', 'CASE-1'))), {} as Context);
    expect(emails).toHaveLength(1);
    expect(logged.at(-1)?.attributes).toMatchObject({
      messageId: 'm1-again',
      sent: false,
      lines: 0,
      taken: 1,
    });
  });

  it('fails a body that is not a notice, alone, logging its message id and where it is wrong', async () => {
    const { handler, emails, logged } = setup();
    const response = await handler(
      batch(
        record('m1', '{"to": "jo@council.example", not json'),
        record('m2', { ...card, teamsChannel: undefined }),
        record('m3', digest('SW-001', 'CASE-1')),
      ),
      {} as Context,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
    expect(emails).toHaveLength(1);
    const warnings = logged.filter((entry) => entry.level === 'warn');
    expect(warnings.map((entry) => entry.attributes)).toEqual([
      { messageId: 'm1', receiveCount: 1, error: 'NoticeBodyError', problems: ['the body is not JSON'] },
      {
        messageId: 'm2',
        receiveCount: 1,
        error: 'NoticeBodyError',
        problems: ['teamsChannel: invalid_type'],
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain('jo@council.example');
  });

  it('fails a message whose send failed, after marking its lines failed, and logs the safe reason', async () => {
    const { handler, ledger, logged } = setup({
      failFor: {
        to: 'sw-002@council.example',
        error: new SendError('SES SendEmail failed: TooManyRequestsException (HTTP 429)', true),
      },
    });
    const response = await handler(
      batch(record('m1', digest('SW-001', 'CASE-1')), record('m2', digest('SW-002', 'CASE-2'))),
      {} as Context,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(await ledger.noticesOf('CASE-2')).toMatchObject([{ state: 'failed' }]);
    expect(logged.at(-1)).toEqual({
      level: 'warn',
      message: 'notice not delivered',
      attributes: {
        messageId: 'm2',
        receiveCount: 1,
        key: 'digest|SW-002|2026-12-11',
        channel: 'email',
        kind: 'digest',
        lines: 1,
        error: 'SendError',
        reason: 'SES SendEmail failed: TooManyRequestsException (HTTP 429)',
        retryable: true,
      },
    });
  });

  it('logs a send refused for how the deployment is set up as misconfigured, for the alarm, and fails the message', async () => {
    const { handler, ledger, logged } = setup({
      failFor: {
        to: 'sw-001@council.example',
        error: new ConfigurationError(
          'SES SendEmail failed: MessageRejected (HTTP 400): an address is not verified in SES',
          'ses-identity',
        ),
      },
    });
    const response = await handler(batch(record('m1', digest('SW-001', 'CASE-1'))), {} as Context);
    // Kept for the queue's retries, then its dead-letter queue: sent once the identity is verified.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(await ledger.noticesOf('CASE-1')).toMatchObject([{ state: 'failed' }]);
    expect(logged.at(-1)).toEqual({
      level: 'warn',
      message: 'notice not delivered',
      attributes: {
        messageId: 'm1',
        receiveCount: 1,
        key: 'digest|SW-001|2026-12-11',
        channel: 'email',
        kind: 'digest',
        lines: 1,
        error: 'ConfigurationError',
        reason: 'SES SendEmail failed: MessageRejected (HTTP 400): an address is not verified in SES',
        fault: 'ses-identity',
        misconfigured: 1,
      },
    });
  });

  it('fails a message for any other error too, logging the error’s name only', async () => {
    const ledger = new MemoryNoticeLedger();
    ledger.claim = async () => {
      throw new Error('ProvisionedThroughputExceededException for CASE-1 jo@council.example');
    };
    const { handler, emails, logged } = setup({ ledger });
    const response = await handler(batch(record('m1', digest('SW-001', 'CASE-1'))), {} as Context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(emails).toEqual([]);
    expect(logged.at(-1)?.attributes).toMatchObject({ messageId: 'm1', error: 'Error' });
    expect(JSON.stringify(logged)).not.toContain('jo@council.example');
  });

  it('answers a batch whose every message failed with the list, instead of throwing', async () => {
    const { handler } = setup();
    const response = await handler(batch(record('m1', 'x'), record('m2', 'y')), {} as Context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  });

  it('sends the messages of a batch one after another', async () => {
    const { handler, emails, mostInFlight } = setup();
    await handler(
      batch(
        ...['SW-001', 'SW-002', 'SW-003'].map((staffId, n) => record(`m${n}`, digest(staffId, `CASE-${n}`))),
      ),
      {} as Context,
    );
    expect(emails).toHaveLength(3);
    expect(mostInFlight()).toBe(1);
  });
});
