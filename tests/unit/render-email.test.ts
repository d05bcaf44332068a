/**
 * The digest and alert emails: what the subject may say, the sections, what each line says (which
 * case, what to do, by when, why then, the standard, and who it is for), links, escaping and plain text.
 */
import { describe, expect, it } from 'vitest';
import { describeLine } from '../../functions/delivery/notice-text.ts';
import { renderEmail } from '../../functions/delivery/render-email.ts';
import {
  breach,
  emailNotice,
  hourScaleBreach,
  managerLines,
  noticeLine,
  oversightLines,
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

/** Team manager M-201's recipient details. */
const teamManager = { staffId: 'M-201', name: 'Alex Manager', level: 'TM' } as const;

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

  it('says how late or how soon in working days, and who was told of a breach, in plain words', () => {
    expect(email.html).toContain(
      'Child in need review held: <strong>3 working days overdue</strong>, escalated to your Assistant Team Manager and Team Manager',
    );
    expect(email.html).toContain('Child protection visit: <strong>due today</strong>');
    expect(email.html).toContain(
      'Review child protection conference held: <strong>due in 3 working days</strong>',
    );
    expect(email.html).not.toMatch(/escalation step|to TM/);
  });

  it('says on every line what to do, by when and why then, and the standard in short', () => {
    expect(email.html).toContain(
      'To do: Hold the child in need review.<br />Due Wed 18 Nov 2026: 3 months after the child in need review on Tue 18 Aug 2026.',
    );
    expect(email.html).toContain('Standard: Practice Standards 2020: Child in Need Plans and Reviews 7');
    expect(email.html).toContain('Standard: Working Together 2018: Chapter 4');
    expect(email.html.match(/To do: /g)).toHaveLength(workerLines().length);
    expect(email.html.match(/<br \/>Due [^<]+: \d+ [^<]+ after the [^<]+\./g)).toHaveLength(
      workerLines().length,
    );
    expect(email.html.match(/Standard: /g)).toHaveLength(workerLines().length);
  });

  it('never says the date and "due today" as if they were two things', () => {
    expect(email.text).not.toMatch(/Due [A-Z][a-z]{2} \d+ [A-Z][a-z]{2} \d{4}: due today/);
    expect(email.text).toContain(
      '- Child protection visit: due today\n  To do: Visit and see the child.\n  Due Mon 23 Nov 2026: 10 working days after the visit on Mon 9 Nov 2026.',
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

  it('says the same in plain text: headings, each case with its link, each line with what to do, why and its standard', () => {
    for (const heading of [...headings(email.html, 1), ...headings(email.html, 2)]) {
      expect(email.text).toContain(heading);
    }
    for (const href of hrefs(email.html)) expect(email.text).toContain(`(open the case: ${href})`);
    expect(email.text).toContain(
      'CASE-1002 (open the case: https://casesystem.example.gov.uk/cases/CASE-1002)\n' +
        '- Child in need review held: 3 working days overdue, escalated to your Assistant Team Manager and Team Manager\n' +
        '  To do: Hold the child in need review.\n' +
        '  Due Wed 18 Nov 2026: 3 months after the child in need review on Tue 18 Aug 2026.\n' +
        '  Standard: Practice Standards 2020: Child in Need Plans and Reviews 7',
    );
    expect(email.text.match(/^ {2}To do: /gm)).toHaveLength(workerLines().length);
    expect(email.text.match(/^ {2}Due .+: .+ after the .+\.$/gm)).toHaveLength(workerLines().length);
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

  it('keep a case’s lines together under its reference', async () => {
    const email = await renderEmail(
      emailNotice([
        breach('2026-11-20', 1),
        breach('2026-11-19', 1, { rule: 'cp.visit-recorded', title: 'Child protection visit recorded' }),
        breach('2026-11-18', 1, { caseId: 'CASE-1002' }),
      ]),
      renderSettings,
    );
    expect(hrefs(email.html)).toEqual([
      'https://casesystem.example.gov.uk/cases/CASE-1002',
      'https://casesystem.example.gov.uk/cases/CASE-1001',
    ]);
    expect(email.text).toMatch(
      /CASE-1001 \(open the case: \S+\)\n- Child protection visit recorded: [^\n]+\n(?: {2}[^\n]+\n){3}- Child protection visit: /,
    );
  });

  it('keep a manager’s own work apart from what is escalated to them', async () => {
    const email = await renderEmail(
      emailNotice([...workerLines(), ...managerLines()], { recipient: { level: 'TM' } }),
      renderSettings,
    );
    expect(headings(email.html, 1)).toEqual([
      'Your deadlines and your staff&#39;s overdue work for Mon 23 Nov 2026',
    ]);
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

describe("a manager's digest", async () => {
  const { forManager } = oversightLines();
  const email = await renderEmail(
    emailNotice(
      [
        ...managerLines(),
        breach(
          '2026-11-02',
          2,
          { caseId: 'CASE-2002', stage: 'repeat', stageKey: 'repeat-1', as: 'TM' },
          'M-201',
        ),
        breach(
          '2026-11-20',
          1,
          { ...forManager, key: '', due: '2026-11-20', as: 'TM', caseId: 'CASE-1007', escalatedTo: ['TM'] },
          'M-201',
        ),
      ],
      { recipient: teamManager },
    ),
    renderSettings,
  );

  it('says in its heading that it is about the work of the staff they manage', () => {
    expect(headings(email.html, 1)).toEqual(['Your staff&#39;s overdue work for Mon 23 Nov 2026']);
    expect(headings(email.html, 2)).toEqual(['Escalated to you as Team Manager (6)']);
  });

  it('groups the breaches by worker, by name, then by case, unallocated cases last', () => {
    expect(headings(email.html, 3)).toEqual([
      'Jo Example&#39;s cases (1)',
      'Sam Example&#39;s cases (4)',
      'Cases not allocated to a worker (1)',
    ]);
    expect(email.text).not.toMatch(/W-10\d/);
    expect(email.text).toContain("Sam Example's cases (4):\n\nCASE-2002 (open the case:");
  });

  it('says why each was escalated in plain words, and what is needed', () => {
    expect(email.text).toContain('- Child protection visit: escalated because overdue by 8 working days\n');
    expect(email.text).toContain(
      '- Child protection visit: raised again: still overdue by 15 working days\n',
    );
    expect(email.text).toContain('  What is needed: Visit and see the child.\n');
    expect(email.text).not.toMatch(/escalation step|to TM|To do: /);
  });

  it("names the manager who must act on a manager's task", () => {
    expect(email.text).toContain(
      '- Management oversight recorded: escalated because overdue by 1 working day, for Ash Example (Assistant Team Manager) to do\n',
    );
  });

  it('closes with advice for a manager', () => {
    expect(email.text).toContain(
      'Why you get this: the practice standards say a Team Manager must be told when a deadline is missed on the cases of the staff they manage.',
    );
    expect(email.text).toContain(
      'If a case here is not held by you or someone you manage, correct its allocation in the case system, or ask the Line of Sight administrators to correct who reports to whom in the staff directory.',
    );
    expect(email.text).not.toContain('ask your team manager');
  });

  it("puts a manager's own tasks under their own headings, by worker, as theirs to do", async () => {
    const own = await renderEmail(
      emailNotice([forManager], { recipient: { staffId: 'M-101', name: 'Ash Example', level: 'ATM' } }),
      renderSettings,
    );
    expect(headings(own.html, 1)).toEqual(['Your deadlines for Mon 23 Nov 2026']);
    expect(headings(own.html, 2)).toEqual(['Due today (1)']);
    expect(headings(own.html, 3)).toEqual(['Sam Example&#39;s cases (1)']);
    expect(own.text).toContain(
      '- Management oversight recorded: due today\n  To do: Record management oversight.\n',
    );
    expect(own.text).toContain(
      'Why you get this: the practice standards say an Assistant Team Manager must act on the deadlines for you to do.',
    );
  });
});

describe("a worker's digest with a manager's task on their case", async () => {
  const { forWorker } = oversightLines();
  const email = await renderEmail(
    emailNotice([noticeLine({ caseId: 'CASE-1009' }), forWorker]),
    renderSettings,
  );

  it('shows it apart, as waiting on their manager, not among their own deadlines', () => {
    expect(email.subject).toBe('Line of Sight: 1 due today and 1 waiting on your manager');
    expect(headings(email.html, 2)).toEqual(['Due today (1)', 'Waiting on your manager (1)']);
    expect(email.text).toContain(
      'Waiting on your manager (1)\n---------------------------\n\n' +
        'These are for a manager to do on cases you hold. Nothing is needed from you: they are here so you know what is waiting, and on whom.\n\n' +
        'CASE-1001 (open the case: https://casesystem.example.gov.uk/cases/CASE-1001)\n' +
        '- Management oversight recorded: due today, for Ash Example (Assistant Team Manager) to do\n' +
        '  What is needed: Record management oversight.\n' +
        '  Due Mon 23 Nov 2026: 3 months after the management oversight on Thu 20 Aug 2026.\n',
    );
  });

  it('says when nobody in post could be found to do it', async () => {
    const vacant = await renderEmail(emailNotice([{ ...forWorker, actorName: null }]), renderSettings);
    expect(vacant.text).toContain(
      '- Management oversight recorded: due today, for an Assistant Team Manager to do (the directory has nobody in post to tell)\n',
    );
  });
});

describe('an alert for a deadline counted in hours', async () => {
  const email = await renderEmail(emailNotice([hourScaleBreach()], { kind: 'alert' }), renderSettings);

  it('is urgent, with no case reference in the subject', () => {
    expect(email.subject).toBe('Line of Sight: urgent — a deadline counted in hours is overdue');
    expect(headings(email.html, 1)).toEqual(['Urgent: deadlines counted in hours']);
  });

  it('gives how long ago and the time it was due in London, and why then', () => {
    expect(email.text).toContain(
      '- Child protection visit recorded within 24 hours: 16 hours 30 minutes overdue, escalated to your Assistant Team Manager and Team Manager\n' +
        '  To do: Record the visit on the case system.\n' +
        '  Due by 14:30 on Sun 22 Nov 2026: 24 hours after the visit at Sat 21 Nov 2026, 14:30 GMT.\n',
    );
  });

  it('says when such deadlines are only near', async () => {
    const soon = await renderEmail(
      emailNotice(
        [
          hourScaleBreach({
            due: '2026-11-23T09:15:00+00:00',
            ladderStep: null,
            stage: 'reminder',
            escalatedTo: [],
          }),
        ],
        {
          kind: 'alert',
        },
      ),
      renderSettings,
    );
    expect(soon.subject).toBe('Line of Sight: a deadline counted in hours is due soon');
    expect(soon.text).toContain(
      '- Child protection visit recorded within 24 hours: due in 2 hours 15 minutes\n',
    );
    expect(soon.text).toContain('  Due by 09:15 on Mon 23 Nov 2026: ');
  });
});

describe('escaping', () => {
  it('shows hostile text as text and keeps the link inside the case system', async () => {
    const hostile = noticeLine({
      caseId: '<img src=x onerror=alert(1)>"&',
      title: '<script>alert("title")</script> & more',
      workerName: '<b>W</b>',
      as: 'TM',
    });
    const email = await renderEmail(emailNotice([hostile]), renderSettings);
    expect(email.html).not.toMatch(/<script|<img|<b>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; more');
    expect(email.html).toContain('&lt;b&gt;W&lt;/b&gt;&#39;s cases (1)');
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

  it('says a repeat is raised again, to the manager and to whoever must act', () => {
    const repeat = breach('2026-11-02', 2, { stage: 'repeat', stageKey: 'repeat-1', escalatedTo: ['SM'] });
    expect(describeLine({ ...repeat, as: 'SM' }, clock).status).toBe(
      'raised again: still overdue by 15 working days',
    );
    expect(describeLine(repeat, clock)).toMatchObject({
      status: '15 working days overdue',
      note: 'raised again with your Service Manager',
    });
  });

  it('says a resolved line was met, what was needed and why it had been due then', () => {
    const met = describeLine(
      noticeLine({ stage: 'resolved', resolution: { status: 'met-late', at: RUN_DAY } }),
      clock,
    );
    expect(met).toMatchObject({
      standing: 'resolved',
      status: 'met late on Mon 23 Nov 2026',
      toDo: 'What was needed: Visit and see the child.',
      dueAndWhy: 'Was due Mon 23 Nov 2026: 10 working days after the visit on Mon 9 Nov 2026.',
    });
  });
});

it('refuses a notice with no lines', async () => {
  await expect(renderEmail(emailNotice([]), renderSettings)).rejects.toThrow('has no lines');
});
