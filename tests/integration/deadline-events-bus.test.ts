/**
 * The deadline events on AWS, through the AWS SDK against a stand-in for EventBridge on a loopback
 * port: each event one entry on the deadlines bus (source line-of-sight, its kind as the detail-type,
 * its time, its detail as JSON), ten a call; entries failed with a retryable code sent again alone;
 * and whatever still fails counted, never thrown.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeadlineEvent } from '../../events/index.ts';
import { EventBridgeDeadlineEventPublisher } from '../../functions/adapters/eventbridge/deadline-event-publisher.ts';
import { type EventBridgeStandIn, startEventBridgeStandIn } from '../support/eventbridge-stand-in.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const BUS = 'line-of-sight-dev-deadlines';
let bus: EventBridgeStandIn;
let client: EventBridgeClient;

/** `count` breaches of child protection visits, on cases of their own. */
const breaches = (count: number): DeadlineEvent[] =>
  Array.from({ length: count }, (_, n) => ({
    detailType: 'deadline.breached',
    detail: {
      id: `CASE-${n}|cp.visit|1|escalation-0`,
      caseId: `CASE-${n}`,
      rule: 'cp.visit',
      occurrence: 1,
      due: '2026-12-10',
      stage: 'escalation-0',
      level: 'TM',
      time: '2026-12-11T07:00:00.000Z',
    },
  }));

const publisher = () =>
  new EventBridgeDeadlineEventPublisher(client, BUS, { attempts: 3, sleep: async () => undefined });

beforeAll(async () => {
  bus = await startEventBridgeStandIn();
  client = new EventBridgeClient({
    endpoint: bus.url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'AKIDLOSTEST', secretAccessKey: 'los-test-secret' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await bus.close();
});
beforeEach(() => {
  bus.calls.length = 0;
  bus.accepted.length = 0;
  bus.answer(() => ({ entries: () => 'ok' }));
});

describe('the deadline events on the bus', () => {
  it('put each event once, ten a call, as line-of-sight entries of its kind, with its time and its detail', async () => {
    const events = breaches(12);
    expect(await publisher().publish(events)).toBe(0);
    expect(bus.calls.map((call) => call.length)).toEqual([10, 2]);
    expect(bus.accepted.map(({ entry }) => JSON.parse(entry.Detail))).toEqual(events.map((e) => e.detail));
    expect(bus.accepted[0]?.entry).toMatchObject({
      EventBusName: BUS,
      Source: 'line-of-sight',
      DetailType: 'deadline.breached',
      Time: Date.parse('2026-12-11T07:00:00Z') / 1000,
    });
  });

  it('send again only the entries throttled, and count those still failing, never throwing', async () => {
    bus.answer((call) => ({
      entries: (entry) => {
        const { caseId } = JSON.parse(entry.Detail);
        if (caseId === 'CASE-1' && call === 1) return { errorCode: 'ThrottlingException' };
        if (caseId === 'CASE-2') return { errorCode: 'InternalFailure' };
        if (caseId === 'CASE-3') return { errorCode: 'AccessDeniedException' };
        return 'ok';
      },
    }));
    expect(await publisher().publish(breaches(5))).toBe(2);
    expect(bus.calls.map((call) => call.map((entry) => JSON.parse(entry.Detail).caseId))).toEqual([
      ['CASE-0', 'CASE-1', 'CASE-2', 'CASE-3', 'CASE-4'],
      ['CASE-1', 'CASE-2'],
      ['CASE-2'],
    ]);
  });

  it('count a whole call refused (the bus gone, or not allowed) as not published, and go on with the next', async () => {
    bus.answer((call) =>
      call === 1 ? { error: 'AccessDeniedException', status: 400 } : { entries: () => 'ok' },
    );
    expect(await publisher().publish(breaches(15))).toBe(10);
    expect(bus.accepted).toHaveLength(5);
  });
});
