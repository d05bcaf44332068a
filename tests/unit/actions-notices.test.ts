/**
 * An action recorded on the board, through ingest and the scheduled runs over memory stores: its
 * notices go to its owner (here a Team Manager, on a case allocated to a worker) and its breach up the
 * owner's line; done, it is told no more; moved, it falls due on the new date; withdrawn, it has no
 * deadline. Its text is in no message and no deadline event.
 */
import { describe, expect, it } from 'vitest';
import { MemoryActionTextStore } from '../../functions/adapters/memory/action-text-store.ts';
import { MemoryDeadlineEventPublisher } from '../../functions/adapters/memory/deadline-events.ts';
import {
  type BoardEventContext,
  markActionDone,
  moveAction,
  recordAction,
  withdrawAction,
} from '../../functions/core/actions/index.ts';
import type { EmailNotice, LineNotice } from '../../functions/core/notices/message.ts';
import { noticeSchema } from '../../functions/delivery/notice-schema.ts';
import { renderEmail } from '../../functions/delivery/render-email.ts';
import { runSchedule } from '../../functions/runs/due-run.ts';
import { memoryPipeline } from '../support/child-protection-case.ts';
import { renderSettings } from '../support/notice-lines.ts';

const CASE = 'CASE-ACT';
const ACTION = 'act-7Qm2x9Lp';
const TEXT = 'Sentinel-Text: book the family group conference with the aunt';
const RULE = 'oversight.board-action';

const board = (eventId: string, at: string): BoardEventContext => ({ eventId, caseId: CASE, at, by: 'SM-1' });

/** A case allocated to SW-1 with an action for TM-1 due Fri 11 Dec 2026, recorded by SM-1. */
async function setup() {
  const pipeline = await memoryPipeline();
  const { deadlines } = pipeline;
  const texts = new MemoryActionTextStore();
  const ingestAt = async (now: string, items: unknown[]) => {
    const summary = await pipeline.ingestAt(now, items);
    expect(summary.rejected).toBe(0);
  };
  const recorded = recordAction(board('board-a1', '2026-12-07T10:00:00Z'), {
    actionId: ACTION,
    ownerId: 'TM-1',
    dueOn: '2026-12-11',
  });
  await ingestAt('2026-12-07T10:00:01Z', [
    {
      id: 'A-0',
      type: 'case.allocated',
      caseId: CASE,
      occurredAt: '2026-12-01',
      data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
    },
    recorded,
  ]);
  await texts.put(CASE, ACTION, TEXT);
  const sent: LineNotice[] = [];
  const published = new MemoryDeadlineEventPublisher();
  const run = (asOf: string) =>
    runSchedule(Date.parse(asOf), 'morning', {
      ...pipeline.runContext(),
      notices: { send: async (notices) => void sent.push(...notices) },
      deadlineEvents: published,
    });
  /** The action's lines so far: `<stage>|<recipient> as <capacity>`, in the order sent. */
  const lines = () =>
    sent.flatMap((notice) =>
      notice.channel === 'email'
        ? notice.lines
            .filter((line) => line.rule === RULE)
            .map((line) => `${line.occurrence}|${line.stageKey}|${notice.recipient.staffId} as ${line.as}`)
        : [],
    );
  const actionDeadlines = async () =>
    (await deadlines.deadlinesOf(CASE)).filter((stored) => stored.deadline.rule === RULE);
  return { ingestAt, run, lines, sent, published, recorded, actionDeadlines };
}

describe('an action recorded on the board', () => {
  it('reminds its owner, not the allocated worker, and escalates up the owner’s line when missed', async () => {
    const { run, lines, actionDeadlines } = await setup();
    const [stored] = await actionDeadlines();
    expect(stored?.deadline).toMatchObject({
      due: '2026-12-11',
      assignee: 'TM-1',
      item: ACTION,
      owner: 'worker',
    });
    for (const morning of ['2026-12-09', '2026-12-11', '2026-12-14', '2026-12-21'])
      await run(`${morning}T07:00:00Z`);
    expect(lines()).toEqual([
      '1|reminder-2-working-days|TM-1 as worker',
      '1|due-today|TM-1 as worker',
      // The breach: the owner, and their Service Manager (the ladder's ATM is a floor above a TM).
      '1|escalation-0|TM-1 as worker',
      '1|escalation-0|SM-1 as SM',
      '1|escalation-1|TM-1 as worker',
      '1|escalation-1|SM-1 as SM',
    ]);
  });

  it('names the case and the rule in its lines, tells its owner why, and its text is in no message and no deadline event', async () => {
    const { run, sent, published } = await setup();
    for (const morning of ['2026-12-09', '2026-12-14']) await run(`${morning}T07:00:00Z`);
    const line = sent.flatMap((notice) => notice.lines).find((l) => l.rule === RULE);
    expect(line).toMatchObject({ caseId: CASE, title: 'Board action due' });
    expect(published.events.length).toBeGreaterThan(0);
    const owners = sent.filter(
      (notice): notice is EmailNotice => notice.channel === 'email' && notice.recipient.staffId === 'TM-1',
    );
    // The notifier reads a notice off its queue with the notice schema: the owner survives it.
    expect(owners.map((notice) => noticeSchema.parse(JSON.parse(JSON.stringify(notice))))).toEqual(owners);
    expect(owners[0]?.lines[0]?.assignee).toBe('TM-1');
    const emails = await Promise.all(owners.map((notice) => renderEmail(notice, renderSettings)));
    expect(emails[0]?.text).toContain(
      'you own actions recorded for these cases at the Line of Sight meeting',
    );
    expect(emails[0]?.text).not.toContain('you are the allocated worker');
    const everything = JSON.stringify({ sent, published: published.events, emails });
    expect(everything).not.toContain('Sentinel-Text');
    expect(everything).not.toContain('family group conference');
  });

  it('is told no more once done', async () => {
    const { ingestAt, run, lines, actionDeadlines } = await setup();
    await run('2026-12-09T07:00:00Z');
    await ingestAt('2026-12-10T15:00:01Z', [
      markActionDone(board('board-a2', '2026-12-10T15:00:00Z'), ACTION),
    ]);
    for (const morning of ['2026-12-11', '2026-12-14', '2026-12-21']) await run(`${morning}T07:00:00Z`);
    expect(lines()).toEqual(['1|reminder-2-working-days|TM-1 as worker']);
    expect((await actionDeadlines()).map((stored) => stored.deadline.status)).toEqual(['met']);
  });

  it('falls due on the new date once moved, the old date closed as no longer needed', async () => {
    const { ingestAt, run, lines, actionDeadlines } = await setup();
    await ingestAt('2026-12-10T15:00:01Z', [
      moveAction(board('board-a3', '2026-12-10T15:00:00Z'), {
        actionId: ACTION,
        dueOn: '2026-12-18',
        reason: 'awaiting-court',
      }),
    ]);
    const after = await actionDeadlines();
    expect(after.map(({ deadline }) => [deadline.occurrence, deadline.due, deadline.status])).toEqual([
      [1, '2026-12-11', 'cancelled'],
      [2, '2026-12-18', 'upcoming'],
    ]);
    expect(after[1]?.deadline).toMatchObject({ assignee: 'TM-1', item: ACTION });
    expect(after[1]?.deadline.explain).toContain('when the action was moved (awaiting court)');
    for (const morning of ['2026-12-11', '2026-12-16', '2026-12-18']) await run(`${morning}T07:00:00Z`);
    expect(lines()).toEqual(['2|reminder-2-working-days|TM-1 as worker', '2|due-today|TM-1 as worker']);
  });

  it('has no deadline once withdrawn, and another action on the case keeps its own', async () => {
    const { ingestAt, run, lines, actionDeadlines, recorded } = await setup();
    await ingestAt('2026-12-07T10:05:01Z', [
      recordAction(board('board-a4', '2026-12-07T10:05:00Z'), {
        actionId: 'act-second01',
        ownerId: 'SW-2',
        dueOn: '2026-12-18',
      }),
      withdrawAction(board('board-a5', '2026-12-07T10:06:00Z'), recorded.id),
    ]);
    const left = await actionDeadlines();
    // Numbered over every action recorded, the withdrawn one included: the other keeps its number.
    expect(left.map(({ deadline }) => [deadline.occurrence, deadline.item, deadline.assignee])).toEqual([
      [2, 'act-second01', 'SW-2'],
    ]);
    for (const morning of ['2026-12-09', '2026-12-14', '2026-12-16']) await run(`${morning}T07:00:00Z`);
    expect(lines()).toEqual(['2|reminder-2-working-days|SW-2 as worker']);
  });
});
