/**
 * Who gets what on which day: two scripted cases run through the local pipeline (dynalite, local SES,
 * Teams sink) with every scheduled run the days would have, morning on working days and hourly at half
 * past, over four weeks that cross Christmas. The notices are read from what reached the local SES and
 * the Teams sink, so this is what people would have received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import {
  addDays,
  englandAndWalesCalendar,
  formatIsoDate,
  parseIsoDate,
  startOfLondonDay,
} from '../../functions/core/calendar/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';

const HOUR = 3_600_000;
let pipeline: LocalPipeline;
let now = 0;
/** `<London day> <HH:MM UTC> <to> <case> <rule> <stage>` for every notice line that went out. */
const received: string[] = [];
/** Emails and distinct recipients of each run that sent any. */
const perRun: { emails: number; recipients: number }[] = [];

const events = (list: Omit<CaseEvent, 'id'>[]): CaseEvent[] =>
  list.map((event, index) => ({ ...event, id: `D-${event.caseId}-${index}` }) as CaseEvent);

async function ingestAt(at: string, list: CaseEvent[]) {
  now = Date.parse(at);
  await ingestBatch(list, 'test', pipeline.ingestContext);
}

/** Every run of one London day: the morning run on working days at 07:00, hourly runs at half past. */
async function runDay(day: number) {
  const midnight = startOfLondonDay(day);
  const runs: [number, 'morning' | 'hourly'][] = [];
  if (englandAndWalesCalendar.isWorkingDay(day)) runs.push([midnight + 7 * HOUR, 'morning']);
  for (let hour = 0; hour < 24; hour++) runs.push([midnight + hour * HOUR + 30 * 60_000, 'hourly']);
  for (const [at, kind] of runs.sort((a, b) => a[0] - b[0])) {
    now = at;
    const run = await pipeline.run(at, kind);
    if (run.delivered.messages === 0) continue;
    const time = new Date(at).toISOString().slice(11, 16);
    const mails = await pipeline.ses.sent();
    perRun.push({ emails: mails.length, recipients: new Set(mails.map((mail) => mail.to.join())).size });
    for (const mail of mails) {
      // Each case's reference heads the lines about it: "- <title>: <where it stands>…".
      let caseId = '';
      for (const text of mail.text?.split('\n') ?? []) {
        caseId = /^(CASE-[A-Z]+) \(open the case: /.exec(text)?.[1] ?? caseId;
        const title = /^- (.+?): /.exec(text)?.[1];
        if (title)
          received.push(`${formatIsoDate(day)} ${time} ${mail.to[0]?.split('@')[0]} ${caseId} ${title}`);
      }
    }
    for (const card of pipeline.teams.cards()) {
      received.push(`${formatIsoDate(day)} ${time} ${card.channel} card`);
    }
    await pipeline.ses.clear();
    pipeline.teams.clear();
  }
}

beforeAll(async () => {
  pipeline = await startLocalPipeline({
    profile: builtInProfile('default'),
    now: () => now,
    sleep: async () => {},
  });
  await pipeline.store.directory.replace(SMALL_DIRECTORY);
  // A child in need plan from Mon 30 Nov, visited Tue 1 Dec: the next visit is due Tue 22 Dec.
  await ingestAt(
    '2026-12-01T17:00:00Z',
    events([
      {
        type: 'case.allocated',
        caseId: 'CASE-CIN',
        occurredAt: '2026-11-30',
        data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
      },
      { type: 'cin_plan.started', caseId: 'CASE-CIN', occurredAt: '2026-11-30', data: {} },
      {
        type: 'visit.completed',
        caseId: 'CASE-CIN',
        occurredAt: '2026-12-01',
        data: { visitType: 'cin', childSeen: true },
      },
    ]),
  );
  // A child in care, back from a missing episode at 20:00 on Wed 9 Dec: the return home interview is
  // due within 24 hours, by 20:00 on Thu 10 Dec.
  await ingestAt(
    '2026-12-09T20:10:00Z',
    events([
      {
        type: 'case.allocated',
        caseId: 'CASE-CIC',
        occurredAt: '2026-11-02',
        data: { workerId: 'SW-2', teamId: 'team-north-1', reason: 'new' },
      },
      {
        type: 'care_period.started',
        caseId: 'CASE-CIC',
        occurredAt: '2026-11-02',
        data: { legalStatus: 'interim-care-order' },
      },
      { type: 'missing_episode.started', caseId: 'CASE-CIC', occurredAt: '2026-12-08T22:00:00Z', data: {} },
      { type: 'missing_episode.ended', caseId: 'CASE-CIC', occurredAt: '2026-12-09T20:00:00Z', data: {} },
    ]),
  );
  for (let day = parseIsoDate('2026-12-07'); day <= parseIsoDate('2027-01-06'); day = addDays(day, 1)) {
    // The visit is made on Wed 23 Dec, a day late, and recorded that evening.
    if (day === parseIsoDate('2026-12-23')) {
      await runDay(day);
      await ingestAt(
        '2026-12-23T18:00:00Z',
        events([
          {
            type: 'visit.completed',
            caseId: 'CASE-CIN',
            occurredAt: '2026-12-23T15:00:00Z',
            data: { visitType: 'cin', childSeen: true },
          },
        ]).map((event) => ({ ...event, id: 'D-CIN-late-visit' })),
      );
      continue;
    }
    await runDay(day);
  }
}, 120_000);
afterAll(async () => {
  await pipeline?.close();
});

/** The lines about one rule, by its title. */
const about = (title: string) => received.filter((line) => line.endsWith(` ${title}`));

describe('notices by day', () => {
  it('reminds the worker of a visit 5 and 1 working days ahead and on the day, breaches the next working day to the worker and the managers, and says it was resolved', () => {
    expect(about('Child in need visit')).toEqual([
      // Due Tue 22 Dec: reminders on Tue 15 and Mon 21, "due today" on Tue 22.
      '2026-12-15 07:00 sw-1 CASE-CIN Child in need visit',
      '2026-12-21 07:00 sw-1 CASE-CIN Child in need visit',
      '2026-12-22 07:00 sw-1 CASE-CIN Child in need visit',
      // Not visited by the end of the 22nd: the breach on Wed 23 to the worker and the ladder (ATM, TM).
      '2026-12-23 07:00 sw-1 CASE-CIN Child in need visit',
      '2026-12-23 07:00 atm-1 CASE-CIN Child in need visit',
      '2026-12-23 07:00 tm-1 CASE-CIN Child in need visit',
      // Visited that afternoon: on Thu 24 the three who were told read that it was met late; then nothing until the next visit's first reminder.
      '2026-12-24 07:00 sw-1 CASE-CIN Child in need visit',
      '2026-12-24 07:00 atm-1 CASE-CIN Child in need visit',
      '2026-12-24 07:00 tm-1 CASE-CIN Child in need visit',
      // The next visit is due three weeks after it, Wed 13 Jan (15 working days would be a day later,
      // over Christmas): its first reminder on Wed 6 Jan.
      '2027-01-06 07:00 sw-1 CASE-CIN Child in need visit',
    ]);
  });

  it('tells of an hour-scale breach at once, then raises it in working mornings’ digests while it stays open', () => {
    expect(about('Return home interview after a missing episode')).toEqual([
      // Due by 20:00 on Thu 10 Dec: alerts at the 20:30 run to the worker and the first step (ATM, TM).
      '2026-12-10 20:30 sw-2 CASE-CIC Return home interview after a missing episode',
      '2026-12-10 20:30 atm-1 CASE-CIC Return home interview after a missing episode',
      '2026-12-10 20:30 tm-1 CASE-CIC Return home interview after a missing episode',
      // The second step (SM) 5 working days on, then two repeats 5 working days apart, skipping the
      // Christmas and New Year bank holidays, each in that morning's digest.
      '2026-12-17 07:00 sw-2 CASE-CIC Return home interview after a missing episode',
      '2026-12-17 07:00 sm-1 CASE-CIC Return home interview after a missing episode',
      '2026-12-24 07:00 sw-2 CASE-CIC Return home interview after a missing episode',
      '2026-12-24 07:00 sm-1 CASE-CIC Return home interview after a missing episode',
      '2027-01-05 07:00 sw-2 CASE-CIC Return home interview after a missing episode',
      '2027-01-05 07:00 sm-1 CASE-CIC Return home interview after a missing episode',
    ]);
  });

  it("sends a manager's task to that manager, tells the worker from its due day that it waits on them, and escalates above the manager", () => {
    expect(about('Management oversight after a missing episode').slice(0, 9)).toEqual([
      // Due Tue 15 Dec, an Assistant Team Manager's to record: the reminder a working day ahead to the ATM.
      '2026-12-14 07:00 atm-1 CASE-CIC Management oversight after a missing episode',
      // On the day, the worker is told it waits on their manager.
      '2026-12-15 07:00 sw-2 CASE-CIC Management oversight after a missing episode',
      '2026-12-15 07:00 atm-1 CASE-CIC Management oversight after a missing episode',
      // The breach goes up from the ATM: the ladder's first step names the ATM and the TM.
      '2026-12-16 07:00 sw-2 CASE-CIC Management oversight after a missing episode',
      '2026-12-16 07:00 atm-1 CASE-CIC Management oversight after a missing episode',
      '2026-12-16 07:00 tm-1 CASE-CIC Management oversight after a missing episode',
      // Its second step, 5 working days on, to the SM.
      '2026-12-23 07:00 atm-1 CASE-CIC Management oversight after a missing episode',
      '2026-12-23 07:00 sw-2 CASE-CIC Management oversight after a missing episode',
      '2026-12-23 07:00 sm-1 CASE-CIC Management oversight after a missing episode',
    ]);
  });

  it('posts the team’s card with the morning digests on working days, and at once for an hour-scale breach', () => {
    const cards = received.filter((line) => line.includes(' card'));
    expect(cards).toContain('2026-12-10 20:30 teams-north-1 card');
    for (const card of cards.filter((line) => line !== '2026-12-10 20:30 teams-north-1 card')) {
      expect(card).toMatch(/^\S+ 07:00 teams-north-1 card$/);
      expect(englandAndWalesCalendar.isWorkingDay(parseIsoDate(card.slice(0, 10)))).toBe(true);
    }
  });

  it('sends each person at most one email per run', () => {
    expect(perRun.every((count) => count.emails === count.recipients)).toBe(true);
  });

  it('sends nothing on weekends and bank holidays except hour-scale alerts', () => {
    const quiet = ['2026-12-12', '2026-12-13', '2026-12-25', '2026-12-26', '2026-12-28', '2027-01-01'];
    expect(received.filter((line) => quiet.some((day) => line.startsWith(day)))).toEqual([]);
  });
});
