/**
 * The weekly summary email: counts only in the subject, real headings, a data table with header cells,
 * the longest overdue linked by case reference, escaping, and a plain-text part that says the same.
 */
import { describe, expect, it } from 'vitest';
import type { WeeklyNotice, WeeklyRow } from '../../functions/core/notices/message.ts';
import { renderWeekly } from '../../functions/delivery/render-weekly.ts';
import { RUN_DAY, renderSettings } from '../support/notice-lines.ts';

const row = (rule: string, title: string, counts: Partial<WeeklyRow> = {}): WeeklyRow => ({
  rule,
  title,
  source: [{ document: 'practice-standards-2020', section: 'Synthetic', ref: '6' }],
  met: 0,
  late: 0,
  missed: 0,
  overdue: 0,
  ...counts,
});

/** Team manager M-201's summary of 16 to 22 November 2026, sent on Monday the 23rd at 07:15. */
const weekly = (overrides: Partial<WeeklyNotice> = {}): WeeklyNotice => ({
  channel: 'email',
  kind: 'weekly',
  key: 'weekly|M-201|2026-11-16',
  day: RUN_DAY,
  asOf: '2026-11-23T07:15:00.000Z',
  recipient: {
    staffId: 'M-201',
    name: 'Alex Example',
    email: 'alex.example@council.example.gov.uk',
    level: 'TM',
  },
  week: { start: '2026-11-16', end: '2026-11-22' },
  rows: [
    row('cin.review', 'Child in need review held', { met: 2, missed: 1 }),
    row('cp.visit', 'Child protection visit', { met: 9, late: 2, overdue: 4 }),
    row('cp.visit-recorded', 'Child protection visit recorded within 24 hours', { overdue: 1 }),
  ],
  longest: [
    {
      caseId: 'CASE-2001',
      rule: 'cp.visit',
      title: 'Child protection visit',
      due: '2026-11-18',
      hourScale: false,
      workerName: 'Sam Example',
      owner: 'worker',
    },
    {
      caseId: 'CASE-4001',
      rule: 'cp.visit-recorded',
      title: 'Child protection visit recorded within 24 hours',
      due: '2026-11-22T14:30:00+00:00',
      hourScale: true,
      workerName: null,
      owner: 'ATM',
    },
  ],
  ...overrides,
});

const headings = (html: string, level: number) =>
  [...html.matchAll(new RegExp(`<h${level}[^>]*>([^<]*)</h${level}>`, 'g'))].map((m) => m[1]);
const headerCells = (html: string, scope: 'col' | 'row') =>
  [...html.matchAll(new RegExp(`<th scope="${scope}"[^>]*>([^<]*)`, 'g'))].map((m) => m[1]);
const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);

describe('a weekly summary', async () => {
  const email = await renderWeekly(weekly(), renderSettings);

  it('goes to the manager with counts only in the subject', () => {
    expect(email.to).toBe('alex.example@council.example.gov.uk');
    expect(email.subject).toBe(
      'Line of Sight weekly summary: 11 deadlines met in timescale, 2 met late, 1 missed and 5 overdue now',
    );
    expect(email.subject).not.toMatch(/CASE|visit|review/i);
  });

  it('has a title, British English and real headings in order', () => {
    expect(email.html).toMatch(/<html lang="en-GB"/);
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    expect(headings(email.html, 1)).toEqual(['Your weekly summary: 16 Nov to 22 Nov 2026']);
    expect(headings(email.html, 2)).toEqual(['Deadlines by rule', 'Longest overdue']);
    expect(email.html).toContain(
      'from Mon 16 Nov 2026 to Sun 22 Nov 2026, for the cases of the workers you manage. That week: 11 deadlines met in timescale, 2 met late and 1 missed. As of Mon 23 Nov 2026, 5 deadlines are overdue.',
    );
  });

  it('counts by rule in a table whose columns and rows have header cells', () => {
    expect(headerCells(email.html, 'col')).toEqual(['Rule', 'In timescale', 'Late', 'Missed', 'Overdue now']);
    expect(headerCells(email.html, 'row')).toEqual([
      'Child in need review held',
      'Child protection visit',
      'Child protection visit recorded within 24 hours',
      'All rules',
    ]);
    const cells = [...email.html.matchAll(/<td[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells.slice(-4)).toEqual([11, 2, 1, 5]);
  });

  it('names under each rule, in short, the standard it enforces', () => {
    expect(email.html).toContain(
      'Child protection visit<br /><span style="color:#505a5f;font-size:14px;font-weight:normal">Practice Standards 2020: Synthetic 6</span></th>',
    );
    expect(email.text).toContain(
      '- Child protection visit: 9 met in timescale, 2 met late, 0 missed, 4 overdue now\n  Standard: Practice Standards 2020: Synthetic 6',
    );
  });

  it('lists the longest overdue with a link to each case, how late it is, who holds it, by name, and which manager must act on a manager’s task', () => {
    expect(hrefs(email.html)).toEqual([
      'https://casesystem.example.gov.uk/cases/CASE-2001',
      'https://casesystem.example.gov.uk/cases/CASE-4001',
    ]);
    expect(email.html).toContain('The 2 longest overdue of 5, the longest first.');
    expect(email.html).toContain('Due Wed 18 Nov 2026: <strong>3 working days overdue</strong>');
    expect(email.html).toContain(
      'Due by 14:30 on Sun 22 Nov 2026: <strong>16 hours 45 minutes overdue</strong>',
    );
    expect(email.html).toContain('The case is held by Sam Example.');
    expect(email.html).toContain(
      'The case is not held by a worker in the directory; it is for the Assistant Team Manager to do.',
    );
  });

  it('says the same in plain text', () => {
    expect(email.text).toMatch(/^Your weekly summary: 16 Nov to 22 Nov 2026\n=+\n/);
    expect(email.text).toContain(
      '- Child protection visit: 9 met in timescale, 2 met late, 0 missed, 4 overdue now',
    );
    expect(email.text).toContain('- All rules: 11 met in timescale, 2 met late, 1 missed, 5 overdue now');
    expect(email.text).toContain(
      '1. CASE-2001: Child protection visit\n   Due Wed 18 Nov 2026: 3 working days overdue\n   The case is held by Sam Example.\n' +
        '   Open the case: https://casesystem.example.gov.uk/cases/CASE-2001',
    );
    expect(email.text).toContain('Cases are named by reference only');
  });
});

describe('a weekly summary’s edge cases', () => {
  it('escapes what it shows and leaves out the longest overdue when nothing is overdue', async () => {
    const email = await renderWeekly(
      weekly({
        recipient: {
          staffId: 'M-202',
          name: 'Jo <O’Brien>',
          email: 'jo@council.example.gov.uk',
          level: 'SM',
        },
        rows: [row('odd.rule', 'Review "held" & <recorded>', { met: 1 })],
        longest: [],
      }),
      renderSettings,
    );
    expect(email.html).toContain('Review &quot;held&quot; &amp; &lt;recorded&gt;');
    expect(email.html).toContain('Hello Jo &lt;O’Brien&gt;,');
    expect(email.html).not.toContain('<recorded>');
    expect(headings(email.html, 2)).toEqual(['Deadlines by rule']);
    expect(email.subject).toBe('Line of Sight weekly summary: 1 deadline met in timescale');
    expect(email.text).toContain(
      'That week: 1 deadline met in timescale. As of Mon 23 Nov 2026, no deadline is overdue.',
    );
  });

  it('says when every overdue deadline is listed, and when nothing was met or missed', async () => {
    const email = await renderWeekly(
      weekly({
        rows: [row('cp.visit', 'Child protection visit', { overdue: 1 })],
        longest: [weekly().longest[0] as WeeklyNotice['longest'][number]],
      }),
      renderSettings,
    );
    expect(email.text).toContain(
      'That week: no deadline was met or missed. As of Mon 23 Nov 2026, 1 deadline is overdue.',
    );
    expect(email.text).toContain('Every deadline overdue now, the longest first.');
  });

  it('refuses a summary with nothing to count', async () => {
    await expect(renderWeekly(weekly({ rows: [] }), renderSettings)).rejects.toThrow(/nothing to count/);
  });
});
