/**
 * SES's bounce and complaint reports: a permanent bounce or a complaint marks the address undeliverable,
 * anything else is counted; a notification that cannot be read is logged and dropped, never retried;
 * a directory that cannot be written throws (Lambda retries, then the dead-letter queue). No address is
 * ever logged.
 */
import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createSesEventsHandler, sesEventActionOf } from '../../functions/handlers/ses-events.ts';

/** An SES event-publishing notification, as the configuration set's destination sends it. */
const bounce = (bounceType: string, ...addresses: string[]) => ({
  eventType: 'Bounce',
  bounce: {
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: addresses.map((emailAddress) => ({
      emailAddress,
      action: 'failed',
      status: '5.1.1',
      diagnosticCode: `smtp; 550 5.1.1 <${emailAddress}>: Recipient address rejected`,
    })),
    timestamp: '2026-12-11T07:02:00.000Z',
    feedbackId: 'feedback-1',
  },
  mail: { messageId: 'ses-1', destination: addresses, source: 'line-of-sight@council.example.gov.uk' },
});

const complaint = (...addresses: string[]) => ({
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: addresses.map((emailAddress) => ({ emailAddress })),
    complaintFeedbackType: 'abuse',
    timestamp: '2026-12-11T07:05:00.000Z',
    feedbackId: 'feedback-2',
  },
  mail: { messageId: 'ses-2', destination: addresses },
});

const snsEvent = (...messages: unknown[]): SNSEvent => ({
  Records: messages.map((message, n) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:eu-west-2:111111111111:line-of-sight-dev-ses-events:sub',
    Sns: {
      Type: 'Notification',
      MessageId: `sns-${n + 1}`,
      TopicArn: 'arn:aws:sns:eu-west-2:111111111111:line-of-sight-dev-ses-events',
      Subject: null as never,
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      Timestamp: '2026-12-11T07:02:01.000Z',
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  })),
});

function setup(fail = false) {
  const marked: { email: string; reason: string }[] = [];
  const logged: { level: 'info' | 'warn'; message: string; attributes: Record<string, unknown> }[] = [];
  const handler = createSesEventsHandler(
    {
      async markUndeliverable(email, reason) {
        if (fail) throw new Error('ProvisionedThroughputExceededException');
        marked.push({ email, reason });
        return email.startsWith('shared') ? 2 : 1;
      },
    },
    {
      info: (message, attributes) => logged.push({ level: 'info', message, attributes }),
      warn: (message, attributes) => logged.push({ level: 'warn', message, attributes }),
    },
  );
  return { handler, marked, logged };
}

describe('reading SES notifications', () => {
  it('marks the recipients of a permanent bounce and of a complaint, with the reason', () => {
    expect(sesEventActionOf(JSON.stringify(bounce('Permanent', 'a@council.example')))).toEqual({
      action: 'mark',
      type: 'Bounce',
      sesMessageId: 'ses-1',
      addresses: ['a@council.example'],
      reason: 'SES permanent bounce (General)',
    });
    expect(sesEventActionOf(JSON.stringify(complaint('b@council.example')))).toEqual({
      action: 'mark',
      type: 'Complaint',
      sesMessageId: 'ses-2',
      addresses: ['b@council.example'],
      reason: 'SES complaint (abuse)',
    });
  });

  it('reads identity notifications too (notificationType instead of eventType)', () => {
    const { eventType: _, ...rest } = bounce('Permanent', 'a@council.example');
    expect(sesEventActionOf(JSON.stringify({ ...rest, notificationType: 'Bounce' }))).toMatchObject({
      action: 'mark',
      addresses: ['a@council.example'],
    });
  });

  it('ignores transient and undetermined bounces, delays and rejections', () => {
    expect(sesEventActionOf(JSON.stringify(bounce('Transient', 'a@council.example')))).toEqual({
      action: 'ignore',
      type: 'Bounce (Transient)',
      sesMessageId: 'ses-1',
    });
    expect(sesEventActionOf(JSON.stringify(bounce('Undetermined', 'a@council.example')))).toMatchObject({
      action: 'ignore',
    });
    for (const eventType of ['DeliveryDelay', 'Reject']) {
      expect(sesEventActionOf(JSON.stringify({ eventType, mail: { messageId: 'ses-3' } }))).toEqual({
        action: 'ignore',
        type: eventType,
        sesMessageId: 'ses-3',
      });
    }
  });

  it('keeps SES’s words out of the reason unless they are plain words', () => {
    const odd = bounce('Permanent', 'a@council.example');
    odd.bounce.bounceSubType = 'General <a@council.example>';
    expect(sesEventActionOf(JSON.stringify(odd))).toMatchObject({ reason: 'SES permanent bounce (unknown)' });
  });

  it('cannot read what is not an SES bounce, complaint or known event', () => {
    for (const message of [
      'not json',
      '[]',
      JSON.stringify({ eventType: 'Bounce' }),
      JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] } }),
      JSON.stringify({ eventType: 'Complaint', complaint: { complainedRecipients: [{}] } }),
      JSON.stringify({ eventType: 'Subscribe' }),
      JSON.stringify({ hello: 'world' }),
    ]) {
      expect(sesEventActionOf(message), message).toEqual({ action: 'unreadable' });
    }
  });
});

describe('the SES-events handler', () => {
  it('marks each address of a permanent bounce and a complaint, and logs counts, never addresses', async () => {
    const { handler, marked, logged } = setup();
    const summary = await handler(
      snsEvent(
        bounce('Permanent', 'a@council.example', 'shared@council.example'),
        complaint('b@council.example'),
      ),
    );
    expect(marked).toEqual([
      { email: 'a@council.example', reason: 'SES permanent bounce (General)' },
      { email: 'shared@council.example', reason: 'SES permanent bounce (General)' },
      { email: 'b@council.example', reason: 'SES complaint (abuse)' },
    ]);
    expect(summary).toEqual({ notifications: 2, addresses: 3, staffMarked: 4, ignored: 0, unreadable: 0 });
    expect(logged[0]).toEqual({
      level: 'info',
      message: 'SES event: addresses marked undeliverable',
      attributes: {
        snsMessageId: 'sns-1',
        sesMessageId: 'ses-1',
        type: 'Bounce',
        reason: 'SES permanent bounce (General)',
        addresses: 2,
        staffMarked: 3,
      },
    });
    expect(logged.at(-1)).toEqual({ level: 'info', message: 'SES events handled', attributes: summary });
    expect(JSON.stringify(logged)).not.toContain('@');
  });

  it('leaves the directory alone for a transient bounce, counting it', async () => {
    const { handler, marked } = setup();
    const summary = await handler(snsEvent(bounce('Transient', 'a@council.example')));
    expect(marked).toEqual([]);
    expect(summary).toMatchObject({ notifications: 1, ignored: 1, addresses: 0 });
  });

  it('logs a notification it cannot read by its SNS id and drops it, without throwing', async () => {
    const { handler, marked, logged } = setup();
    const summary = await handler(
      snsEvent('{"Jo Bloggs": "jo@council.example"', bounce('Permanent', 'a@council.example')),
    );
    expect(summary).toMatchObject({ notifications: 2, unreadable: 1, addresses: 1 });
    expect(marked).toHaveLength(1);
    expect(logged[0]).toEqual({
      level: 'warn',
      message: 'SES notification not understood: dropped',
      attributes: { snsMessageId: 'sns-1' },
    });
    expect(JSON.stringify(logged)).not.toContain('@');
  });

  it('throws when the directory cannot be written, so Lambda retries the invocation', async () => {
    const { handler } = setup(true);
    await expect(handler(snsEvent(complaint('b@council.example')))).rejects.toThrow(
      'ProvisionedThroughputExceededException',
    );
  });
});
