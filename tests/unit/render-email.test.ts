/** The digest and alert emails: what the subject may say, the sections, links, escaping and plain text. */
import { describe, expect, it } from 'vitest';
import { describeLine } from '../../functions/delivery/notice-text.ts';
import { renderEmail } from '../../functions/delivery/render-email.ts';
import {
  breach,
  emailNotice,
  hourScaleBreach,
  managerLines,
  noticeLine,
  RUN_AS_OF,
  RUN_DAY,
  reminder,
  renderSettings,
  workerLines,
} from '../support/notice-lines.ts';

/** The text of every `<hN>` in the HTML, in order. */
const headings = (html: string, level: number) =>
  [...html.matchAll(new RegExp(`<h${level}[^>]*>([^<]*)</h${level}>`, 'g'))].map((m) => m[1]);

const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);

const clock = { day: RUN_DAY, asOf: RUN_AS_OF, calendar: renderSettings.calendar };

describe("a worker's digest", async () => {
  const email = await renderEmail(emailNotice(workerLines()), renderSettings);

  it('goes to the recipient with counts only in the subject', () => {
    expect(email.to).toBe('sam.example@council.example.gov.uk');
    expect(email.subject).toBe('Line of Sight: 2 overdue, 1 due today and 3 coming up');
    expect(email.subject).not.toMatch(/CASE|visit|review/i);
  });

  it('has a title, a preheader, British English and real headings in order', () => {
    expect(email.html).toMatch(/<html lang="en-GB"/);
    expect(email.html).toContain(`<title>${email.subject}</title>`);
    expect(email.html).toContain('Your digest for Mon 23 Nov 2026: 2 overdue, 1 due today and 3 coming up.');
    expect(headings(email.html, 1)).toEqual(['Your deadlines for Mon 23 Nov 2026']);
    expect(headings(email.html, 2)).toEqual(['Overdue (2)', 'Due today (1)', 'Coming up (3)']);
  });

  it('links each case reference to the case system, most overdue first', () => {
    expect(hrefs(email.html)).toEqual(
      ['1002', '1003', '1001', '1004', '1005', '1006'].map(
        (n) => `https://casesystem.example.gov.uk/cases/CASE-${n}`,
      ),
    );
  });

  it('says how late or how soon in working days, with the escalation step and the standard', () => {
    expect(email.html).toContain(
      'Due Wed 18 Nov 2026: <strong>3 working days overdue</strong> (escalation step 1)',
    );
    expect(email.html).toContain('Due Mon 23 Nov 2026: <strong>due today</strong>');
    expect(email.html).toContain('Due Thu 26 Nov 2026: <strong>in 3 working days</strong>');
    expect(email.html).toContain(
      'Standard: Children&#39;s Services Practice Standards 2020–2021 (v1.2), Child in Need Plans and Reviews, standard 7',
    );
    expect(email.html).toContain(
      'Working Together to Safeguard Children (2018, kept in 2023), Chapter 4: The child protection review conference, within 3 months of the initial conference',
    );
  });

  it('says why it was sent, not to forward it, and how it stops', () => {
    expect(email.text).toContain('Why you get this: you are the allocated worker for these cases.');
    expect(email.text).toContain('do not forward it outside the council');
    expect(email.text).toContain('How it stops: a deadline leaves these emails once it is met and recorded');
  });

  it('loads nothing from outside: no fonts, images or scripts', () => {
    expect(email.html).not.toMatch(/<link|<img|<script|googleapis|@import/);
  });

  it('says the same in plain text: headings, each line, its link and its standard', () => {
    for (const heading of [...headings(email.html, 1), ...headings(email.html, 2)]) {
      expect(email.text).toContain(heading);
    }
    for (const href of hrefs(email.html)) expect(email.text).toContain(`Open the case: ${href}`);
    expect(email.text).toContain(
      '- CASE-1002: Child in need review held\n  Due Wed 18 Nov 2026: 3 working days overdue (escalation step 1)\n' +
        "  Standard: Children's Services Practice Standards 2020–2021 (v1.2), Child in Need Plans and Reviews, standard 7\n" +
        '  Open the case: https://casesystem.example.gov.uk/cases/CASE-1002',
    );
    expect(email.text).not.toMatch(/<[a-z]/);
  });
});

describe('sections', () => {
  it('appear only when they have lines', async () => {
    const email = await renderEmail(emailNotice([reminder('2026-11-26')]), renderSettings);
    expect(headings(email.html, 2)).toEqual(['Coming up (1)']);
    expect(email.subject).toBe('Line of Sight: 1 coming up');
    expect(email.text).not.toContain('Overdue');
  });

  it("of a manager's digest group the breaches escalated to them by worker, unallocated last", async () => {
    const email = await renderEmail(
      emailNotice(managerLines(), { recipient: { staffId: 'M-201', name: 'Alex Manager', level: 'TM' } }),
      renderSettings,
    );
    expect(email.subject).toBe('Line of Sight: 4 escalated to you');
    expect(headings(email.html, 2)).toEqual(['Escalated to you as Team Manager (4)']);
    expect(headings(email.html, 3)).toEqual([
      'Worker W-101 (2)',
      'Worker W-102 (1)',
      'Not allocated to a worker (1)',
    ]);
    expect(email.html).toContain('<strong>8 working days overdue</strong> (escalation step 2, to TM)');
    expect(email.text).toContain(
      'Why you get this: the practice standards say a Team Manager must be told when a deadline on them is missed.',
    );
  });

  it('keep a manager’s own cases apart from what is escalated to them', async () => {
    const email = await renderEmail(
      emailNotice([...workerLines(), ...managerLines()], { recipient: { level: 'TM' } }),
      renderSettings,
    );
    expect(email.subject).toBe('Line of Sight: 2 overdue, 1 due today, 3 coming up and 4 escalated to you');
    expect(email.subject.length).toBeLessThanOrEqual(120);
    expect(headings(email.html, 2)).toEqual([
      'Overdue (2)',
      'Due today (1)',
      'Coming up (3)',
      'Escalated to you as Team Manager (4)',
    ]);
  });
});

describe('an alert for a deadline counted in hours', async () => {
  const email = await renderEmail(emailNotice([hourScaleBreach()], { kind: 'alert' }), renderSettings);

  it('is urgent, with no case reference in the subject', () => {
    expect(email.subject).toBe('Line of Sight: urgent — a deadline counted in hours is overdue');
    expect(headings(email.html, 1)).toEqual(['Urgent: deadlines counted in hours']);
  });

  it('gives the time it was due in London and how long ago', () => {
    expect(email.text).toContain(
      'Due by 14:30 on Sun 22 Nov 2026: 16 hours 30 minutes overdue (escalation step 1)',
    );
  });

  it('says when such deadlines are only near', async () => {
    const soon = await renderEmail(
      emailNotice(
        [hourScaleBreach({ due: '2026-11-23T09:15:00+00:00', ladderStep: null, stage: 'reminder' })],
        {
          kind: 'alert',
        },
      ),
      renderSettings,
    );
    expect(soon.subject).toBe('Line of Sight: a deadline counted in hours is due soon');
    expect(soon.text).toContain('Due by 09:15 on Mon 23 Nov 2026: in 2 hours 15 minutes');
  });
});

describe('escaping', () => {
  it('shows hostile text as text and keeps the link inside the case system', async () => {
    const hostile = noticeLine({
      caseId: '<img src=x onerror=alert(1)>"&',
      title: '<script>alert("title")</script> & more',
      workerId: '<b>W</b>',
      as: 'TM',
    });
    const email = await renderEmail(emailNotice([hostile]), renderSettings);
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; more');
    expect(email.html).toContain('Worker &lt;b&gt;W&lt;/b&gt;');
    expect(hrefs(email.html)).toEqual([
      'https://casesystem.example.gov.uk/cases/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%22%26',
    ]);
    expect(email.text).toContain('<script>alert("title")</script> & more');
  });
});

describe('line wording', () => {
  it('reads where a line stands from its date, not its stage', () => {
    const late = describeLine(noticeLine({ due: '2026-11-20', stage: 'due-today' }), clock);
    expect([late.standing, late.when]).toEqual(['overdue', '1 working day overdue']);
  });

  it('counts calendar days when no working day separates the date from today', () => {
    const friday = { ...clock, day: '2026-11-20' };
    expect(describeLine(noticeLine({ due: '2026-11-21' }), friday).when).toBe('in 1 day');
    expect(describeLine(breach('2026-11-21', 1), { ...friday, day: '2026-11-22' }).when).toBe(
      '1 day overdue',
    );
  });

  it('skips bank holidays in working days', () => {
    const christmas = { ...clock, day: '2026-12-24' };
    expect(describeLine(noticeLine({ due: '2026-12-29' }), christmas).when).toBe('in 1 working day');
  });

  it('gives hours and minutes on the day, then days and hours', () => {
    const at = (asOf: string) => describeLine(hourScaleBreach(), { ...clock, asOf }).when;
    expect(at('2026-11-22T14:30:20Z')).toBe('less than a minute overdue');
    expect(at('2026-11-22T15:30:00Z')).toBe('1 hour overdue');
    expect(at('2026-11-22T14:45:00Z')).toBe('15 minutes overdue');
    expect(at('2026-11-25T16:40:00Z')).toBe('3 days 2 hours overdue');
    expect(at('2026-11-23T14:30:00Z')).toBe('1 day overdue');
  });

  it('says a repeat is raised again after the last escalation step', () => {
    const repeat = breach('2026-11-02', 2, { stage: 'repeat', stageKey: 'repeat-1', as: 'SM' });
    expect(describeLine(repeat, clock).step).toBe('raised again after escalation step 2, to SM');
  });
});

it('refuses a notice with no lines', async () => {
  await expect(renderEmail(emailNotice([]), renderSettings)).rejects.toThrow('has no lines');
});
