/**
 * Ingest over in-memory stores: every item gets an outcome, rejects are quarantined with their reasons,
 * repeats are safe, and the touched cases' deadlines are stored with the moment each next needs action.
 */
import { describe, expect, it } from 'vitest';
import { type CaseEvent, EVENT_FIXTURES } from '../../events/index.ts';
import type { DeadlineStore } from '../../functions/core/ports.ts';
import {
  type CaseProblem,
  caseProblemText,
  ingestBatch,
  repairMarkedCases,
} from '../../functions/ingest/ingest.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

const context = memoryIngestContext;

const plan: CaseEvent = {
  id: 'X-1',
  type: 'cp_plan.started',
  caseId: 'CASE-X',
  occurredAt: '2026-12-04',
  data: {},
};

describe('ingesting a batch', () => {
  it('accepts valid events, rejects invalid ones with every problem, and keeps the valid ones', async () => {
    const ctx = context();
    const bad = { id: 'X-2', type: 'visit.completed', caseId: 'CASE-X', occurredAt: '2026-02-30', data: {} };
    const summary = await ingestBatch([plan, bad, 'not json at all'], 'http', ctx);
    expect(summary.items.map((i) => [i.position, i.outcome])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'rejected'],
    ]);
    expect(summary.items[1]?.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['occurredAt', 'data.visitType', 'data.childSeen']),
    );
    expect(ctx.quarantine.entries.map((e) => [e.channel, e.raw.slice(0, 10)])).toEqual([
      ['http', '{"id":"X-2'],
      ['http', 'not json a'],
    ]);
    expect(await ctx.events.eventsOf('CASE-X')).toEqual([plan]);
  });

  it('stores a repeated event once and refuses the same id with a different body', async () => {
    const ctx = context();
    await ingestBatch([plan], 'sqs', ctx);
    const again = await ingestBatch([plan, { ...plan, occurredAt: '2026-12-05' }], 'sqs', ctx);
    expect(again.items.map((i) => i.outcome)).toEqual(['duplicate', 'rejected']);
    expect(again.items[1]?.problems[0]?.message).toMatch(/already received with different content/);
    expect(await ctx.events.eventsOf('CASE-X')).toEqual([plan]);
  });

  it('recomputes the case and keys each open deadline on its next notice', async () => {
    const ctx = context('2026-12-07T10:00:00Z');
    await ingestBatch([plan], 'sqs', ctx);
    const stored = await ctx.deadlines.deadlinesOf('CASE-X');
    const visit = stored.find((d) => d.deadline.rule === 'cp.visit');
    expect(visit?.deadline.due).toBe('2026-12-18');
    // The 5-working-day reminder (11 Dec, 07:00) is the next notice after 7 Dec.
    expect(visit?.nextActionAt).toBe('2026-12-11T07:00:00.000Z');
    const due = [];
    for await (const deadline of ctx.deadlines.dueBy('2026-12-11T07:00:00.000Z'))
      due.push(deadline.deadline.rule);
    expect(due).toContain('cp.visit');
  });

  it('accepts an event whose case has a deadline the engine cannot work out, and says what and why', async () => {
    const ctx = context('2026-12-07T10:00:00Z');
    const agreed: CaseEvent = {
      id: 'X-9',
      type: 'visit_frequency.agreed',
      caseId: 'CASE-X',
      occurredAt: '2026-12-05',
      data: { rule: 'no.such-rule', every: { amount: 2, unit: 'weeks' }, agreedBy: 'TM-01' },
    };
    const summary = await ingestBatch([plan, agreed], 'sqs', ctx);
    expect(summary.items.map((i) => i.outcome)).toEqual(['accepted', 'accepted']);
    expect(summary.caseProblems).toEqual([
      {
        caseId: 'CASE-X',
        rule: 'no.such-rule',
        eventId: 'X-9',
        message:
          'a visiting frequency was agreed for rule no.such-rule, which the default profile does not have; it was ignored',
      },
    ]);
    expect(caseProblemText(summary.caseProblems[0] as CaseProblem)).toBe(
      'case CASE-X, rule no.such-rule (event X-9): a visiting frequency was agreed for rule no.such-rule, which the default profile does not have; it was ignored',
    );
    expect((await ingestBatch([plan], 'sqs', ctx)).caseProblems).toHaveLength(1);
    expect((await ingestBatch([{ ...plan, id: 'Y-1', caseId: 'CASE-Y' }], 'sqs', ctx)).caseProblems).toEqual(
      [],
    );
  });

  it('refuses an event dated more than a day after it was received, and takes one dated up to a day ahead', async () => {
    const ctx = context('2026-12-07T10:00:00Z');
    const typo = { ...plan, id: 'X-2099', occurredAt: '2099-12-04' };
    const recordedAhead = {
      ...plan,
      id: 'X-REC',
      occurredAt: '2026-12-07',
      recordedAt: '2026-12-09T10:00:00Z',
    };
    const tomorrow = { ...plan, id: 'X-TOM', caseId: 'CASE-T', occurredAt: '2026-12-08' };
    const summary = await ingestBatch([typo, recordedAhead, tomorrow], 'http', ctx);
    expect(summary.items.map((i) => [i.id, i.outcome, i.problems.map((p) => p.path)])).toEqual([
      ['X-2099', 'rejected', ['occurredAt']],
      ['X-REC', 'rejected', ['recordedAt']],
      ['X-TOM', 'accepted', []],
    ]);
    expect(summary.items[0]?.problems[0]?.message).toBe(
      'is after the event was received (2026-12-07T10:00:00.000Z): an event cannot have happened or been recorded in the future; check the year',
    );
    expect(ctx.quarantine.entries).toHaveLength(2);
    expect(await ctx.events.eventsOf('CASE-X')).toEqual([]);
  });

  it('lets a fixture of every event type through', async () => {
    const ctx = context('2026-12-31T12:00:00Z');
    const summary = await ingestBatch(Object.values(EVENT_FIXTURES), 'file', ctx);
    expect(summary.rejected).toBe(0);
    expect(summary.accepted).toBe(Object.keys(EVENT_FIXTURES).length);
  });
});

describe('a batch that stops between storing its events and recomputing', () => {
  const other: CaseEvent = { ...plan, id: 'Y-1', caseId: 'CASE-Y' };
  /** The context over the same stores, with a deadline store that fails every write (a stop). */
  const stopping = (ctx: ReturnType<typeof context>): typeof ctx => {
    const deadlines = new Proxy(ctx.deadlines, {
      get: (target, key) =>
        key === 'replaceCase'
          ? async () => {
              throw new Error('the process stopped');
            }
          : Reflect.get(target, key, target),
    }) as DeadlineStore;
    return { ...ctx, deadlines } as typeof ctx;
  };

  it('leaves its case marked, and a batch more than five minutes later recomputes it', async () => {
    let clock = Date.parse('2026-12-07T10:00:00Z');
    const ctx = { ...context(), now: () => clock };
    await expect(ingestBatch([plan], 'sqs', stopping(ctx))).rejects.toThrow('the process stopped');
    expect(await ctx.events.eventsOf('CASE-X')).toEqual([plan]);
    expect(await ctx.deadlines.deadlinesOf('CASE-X')).toEqual([]);
    expect((await ctx.marks.pending()).map((mark) => mark.caseId)).toEqual(['CASE-X']);

    // A batch a minute on leaves the mark: its own batch may still be under way.
    clock += 60_000;
    expect((await ingestBatch([other], 'sqs', ctx)).repaired).toBe(0);
    expect(await ctx.deadlines.deadlinesOf('CASE-X')).toEqual([]);

    clock += 5 * 60_000;
    const later = await ingestBatch([{ ...other, id: 'Y-2' }], 'sqs', ctx);
    expect(later.repaired).toBe(1);
    expect((await ctx.deadlines.deadlinesOf('CASE-X')).map((d) => d.deadline.rule)).toContain('cp.visit');
    expect(await ctx.marks.pending()).toEqual([]);
  });

  it('is repaired at a start, however recent its mark', async () => {
    const ctx = context();
    await expect(ingestBatch([plan], 'sqs', stopping(ctx))).rejects.toThrow('the process stopped');
    expect(await repairMarkedCases(ctx, true)).toEqual({ repaired: 1, caseProblems: [] });
    expect((await ctx.deadlines.deadlinesOf('CASE-X')).length).toBeGreaterThan(0);
    expect(await ctx.marks.pending()).toEqual([]);
  });

  it('keeps the mark a later batch made while it was recomputing', async () => {
    const ctx = context();
    const token = await ctx.marks.mark('CASE-X', '2026-12-07T10:00:00.000Z');
    await ctx.marks.mark('CASE-X', '2026-12-07T10:00:01.000Z');
    await ctx.marks.clear('CASE-X', token);
    expect((await ctx.marks.pending()).map((mark) => mark.markedAt)).toEqual(['2026-12-07T10:00:01.000Z']);
  });

  it('leaves no mark when it finishes', async () => {
    const ctx = context();
    const summary = await ingestBatch([plan, other], 'sqs', ctx);
    expect(summary.cases).toBe(2);
    expect(await ctx.marks.pending()).toEqual([]);
  });
});
