/**
 * The whole pipeline on this machine, against dynalite and aws-ses-v2-local started in this process
 * on loopback ports: events posted to the local ingest endpoint (the Lambda's handler code), deadlines
 * stored, the scheduled run, email in the local SES, cards on the Teams sink, and a second run sending
 * nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { createIngestHttpHandler } from '../../functions/handlers/ingest-http.ts';
import { apiGatewayRoute, type LocalServer, startLocalIngestServer } from '../../local/http-ingest.ts';
import { DELIVERY_ATTEMPTS, type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

let pipeline: LocalPipeline;
let server: LocalServer;
let now = Date.parse('2026-12-04T12:00:00Z');

beforeAll(async () => {
  pipeline = await startLocalPipeline({
    profile: builtInProfile('default'),
    now: () => now,
    sleep: async () => {},
  });
  await pipeline.store.directory.replace(SMALL_DIRECTORY);
  server = await startLocalIngestServer({
    handle: apiGatewayRoute(createIngestHttpHandler(pipeline.ingestContext, { info: () => {} })),
  });
});
afterAll(async () => {
  await server?.close();
  await pipeline?.close();
});

const post = async (events: unknown[]) => {
  const response = await fetch(`${server.url}/events`, {
    method: 'POST',
    body: JSON.stringify(events),
    headers: { 'content-type': 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as { items: { outcome: string }[] } };
};

describe('the local pipeline end to end', () => {
  it('ingests over HTTP, stores the case’s deadlines and keys the visit on its reminder', async () => {
    const answer = await post([
      {
        id: 'P-1',
        type: 'case.allocated',
        caseId: 'CASE-P',
        occurredAt: '2026-12-01',
        data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
      },
      { id: 'P-2', type: 'cp_plan.started', caseId: 'CASE-P', occurredAt: '2026-12-04', data: {} },
      { id: 'P-3', type: 'visit.completed', caseId: 'CASE-P', occurredAt: '2026-02-30', data: {} },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i) => i.outcome)).toEqual(['accepted', 'accepted', 'rejected']);
    const visit = (await pipeline.store.deadlines.deadlinesOf('CASE-P')).find(
      (d) => d.deadline.rule === 'cp.visit',
    );
    expect(visit).toMatchObject({
      deadline: { due: '2026-12-18', status: 'upcoming' },
      nextActionAt: '2026-12-11T07:00:00.000Z',
      allocation: { workerId: 'SW-1', teamId: 'team-north-1' },
    });
  });

  it('emails the worker the reminder on its morning, and a second run sends nothing new', async () => {
    now = Date.parse('2026-12-11T07:00:00Z');
    const first = await pipeline.run(now, 'morning');
    expect(first.delivered).toMatchObject({ messages: 1, failed: 0 });
    const mail = await pipeline.ses.sent();
    expect(mail.map((m) => m.to)).toEqual([['sw-1@council.example']]);
    expect(mail[0]?.subject).not.toContain('CASE-P');
    expect(mail[0]?.text).toContain('CASE-P');
    const second = await pipeline.run(now, 'morning');
    expect(second.due).toBe(0);
    expect(await pipeline.ses.sent()).toHaveLength(1);
  });

  it('on the breach, tells the worker, the managers the rule names and the team channel, once each', async () => {
    now = Date.parse('2026-12-21T07:00:00Z');
    await pipeline.ses.clear();
    const breach = await pipeline.run(now, 'morning');
    expect(breach.delivered.failed).toBe(0);
    const recipients = (await pipeline.ses.sent()).map((m) => m.to[0]).sort();
    expect(recipients).toEqual(['atm-1@council.example', 'sw-1@council.example', 'tm-1@council.example']);
    expect(pipeline.teams.cards().map((c) => c.channel)).toEqual(['teams-north-1']);
    const trail = await pipeline.store.ledger.noticesOf('CASE-P');
    expect(
      trail.filter((r) => r.stageKey === 'escalation-0').map((r) => [r.recipient, r.as, r.state]),
    ).toEqual(
      expect.arrayContaining([
        ['SW-1', 'worker', 'sent'],
        ['ATM-1', 'ATM', 'sent'],
        ['TM-1', 'TM', 'sent'],
        ['team:team-north-1', 'TM', 'sent'],
      ]),
    );
    // An overlapping run at the same moment finds nothing more to send.
    await pipeline.run(now, 'morning');
    expect(await pipeline.ses.sent()).toHaveLength(3);
  });

  it('once the visit is recorded, sends nothing more about it, and the next digest tells those told that it was resolved', async () => {
    now = Date.parse('2026-12-22T15:00:00Z');
    const answer = await post([
      {
        id: 'P-4',
        type: 'visit.completed',
        caseId: 'CASE-P',
        occurredAt: '2026-12-22T11:00:00Z',
        data: { visitType: 'cp', childSeen: true, seenAlone: true },
      },
    ]);
    expect(answer.body.items.map((i) => i.outcome)).toEqual(['accepted']);
    await pipeline.ses.clear();
    now = Date.parse('2026-12-23T07:00:00Z');
    await pipeline.run(now, 'morning');
    const mail = await pipeline.ses.sent();
    const resolved = mail.filter((m) => m.text?.includes('Resolved since you were told'));
    expect(resolved.map((m) => m.to[0]).sort()).toEqual([
      'atm-1@council.example',
      'sw-1@council.example',
      'tm-1@council.example',
    ]);
    expect(resolved[0]?.text).toMatch(/met late at 11:00 on Tue 22 Dec 2026/);
    const trail = await pipeline.store.ledger.noticesOf('CASE-P');
    expect(trail.filter((r) => r.rule === 'cp.visit' && r.stageKey === 'resolved')).toHaveLength(3);
  });

  it('keeps a message whose card cannot be posted aside, and sends it when replayed', async () => {
    // The next visit, due 15 working days after the last, is breached on Thu 14 Jan 2027.
    now = Date.parse('2027-01-14T07:00:00Z');
    pipeline.teams.failNext(DELIVERY_ATTEMPTS, 500);
    const run = await pipeline.run(now, 'morning');
    expect(run.delivered.failed).toBe(1);
    expect(pipeline.deadLetters()).toHaveLength(1);
    const replayed = await pipeline.replay();
    expect(replayed).toMatchObject({ messages: 1, failed: 0 });
    expect(pipeline.deadLetters()).toHaveLength(0);
  });
});
