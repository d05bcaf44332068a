/**
 * Strings are escaped wherever they are rendered. Case, staff and team ids are limited by the contract
 * and the directory import, and rule titles come from the catalogue; what a council can write freely
 * is a member of staff's name, a team's name and a Teams channel's name (the directory CSV), and an
 * event id. Each is escaped for where it lands: HTML in the emails and the local Teams sink's page,
 * Adaptive Card markdown in Teams cards, and nothing that drives a terminal in `los` output. The
 * renderers are given hostile values even where the contract stops them, so the escaping is shown to
 * hold on its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import type { WeeklyNotice } from '../../functions/core/notices/message.ts';
import { renderEmail } from '../../functions/delivery/render-email.ts';
import { escapeMarkdown, renderTeamsCard, type TextBlock } from '../../functions/delivery/render-teams.ts';
import { renderWeekly } from '../../functions/delivery/render-weekly.ts';
import { SINK_PAGE_POLICY, startTeamsSink } from '../../local/teams-sink.ts';
import {
  breach,
  emailNotice,
  managerLines,
  noticeLine,
  RUN_AS_OF,
  RUN_DAY,
  renderSettings,
  teamsNotice,
  workerLines,
} from '../support/notice-lines.ts';

/** Markup a browser would run, and the breakouts from an attribute or a tag. */
const HOSTILE_NAME = `"'><img src=x onerror=alert(1)>`;
const HOSTILE_TEAM = '<script>alert(1)</script> **[Open](javascript:alert(1))** _urgent_ \\';
const HOSTILE_TITLE = '<svg onload=alert(1)>';
const HOSTILE_ID = 'W-1"><iframe src=javascript:alert(1)>';

/** Tags and attribute breakouts that must never appear as markup: escaped, they show as text. */
const LIVE_MARKUP = /<(img|script|svg|iframe)\b|"'>/i;

describe('the email', () => {
  it('escapes the recipient’s name, a title, a worker’s id and name and a manager’s name in the HTML; the text part is text', async () => {
    const email = await renderEmail(
      emailNotice(
        [
          ...workerLines(),
          breach('2026-11-18', 1, {
            caseId: 'CASE-7001',
            title: HOSTILE_TITLE,
            as: 'TM',
            workerId: HOSTILE_ID,
            workerName: HOSTILE_NAME,
          }),
          noticeLine({ caseId: 'CASE-7002', owner: 'ATM', actorName: HOSTILE_NAME }),
        ],
        { recipient: { name: HOSTILE_NAME } },
      ),
      renderSettings,
    );
    expect(email.html).not.toMatch(LIVE_MARKUP);
    expect(email.html).toContain('Hello &quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;,');
    expect(email.html).toContain('&lt;svg onload=alert(1)&gt;');
    expect(email.html).toContain('&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;s cases (1)');
    expect(email.html).toContain(
      'for &quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt; (Assistant Team Manager) to do',
    );
    // Plain text is not interpreted: the name is shown as written. The subject never holds it.
    expect(email.text).toContain(`Hello ${HOSTILE_NAME},`);
    expect(email.subject).not.toContain('img');
  });

  it('keeps a case link inside its attribute, whatever the reference holds', async () => {
    const email = await renderEmail(
      emailNotice([breach('2026-11-18', 1, { caseId: 'CASE-1"><script>alert(1)</script>' })]),
      renderSettings,
    );
    expect(email.html).not.toMatch(LIVE_MARKUP);
    expect(email.html).toContain(
      'href="https://casesystem.example.gov.uk/cases/CASE-1%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"',
    );
  });

  it('escapes the manager’s name and a title in the weekly summary', async () => {
    const notice: WeeklyNotice = {
      channel: 'email',
      kind: 'weekly',
      key: `weekly|M-201|${RUN_DAY}`,
      day: RUN_DAY,
      asOf: RUN_AS_OF,
      recipient: { staffId: 'M-201', name: HOSTILE_NAME, email: 'm-201@council.example', level: 'TM' },
      week: { start: '2026-11-16', end: '2026-11-22' },
      rows: [{ rule: 'cp.visit', title: HOSTILE_TITLE, source: [], met: 3, late: 1, missed: 0, overdue: 1 }],
      longest: [
        {
          caseId: 'CASE-1002',
          rule: 'cp.visit',
          title: HOSTILE_TITLE,
          due: '2026-11-18',
          hourScale: false,
          workerName: HOSTILE_NAME,
          owner: 'worker',
        },
      ],
    };
    const email = await renderWeekly(notice, renderSettings);
    expect(email.html).not.toMatch(LIVE_MARKUP);
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('&lt;svg onload=alert(1)&gt;');
    expect(email.html).toContain('The case is held by &quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;.');
  });
});

describe('the Teams card', () => {
  const card = renderTeamsCard(
    {
      ...teamsNotice([
        ...managerLines(),
        breach('2026-11-18', 1, {
          title: HOSTILE_TITLE,
          workerId: HOSTILE_ID,
          workerName: HOSTILE_TEAM,
          owner: 'ATM',
          actorName: HOSTILE_TEAM,
        }),
      ]),
      teamName: HOSTILE_TEAM,
    },
    renderSettings,
  );
  const blocks = card.attachments[0].content.body;

  /** Every `[`, `]`, `*`, `_` and backslash in `text` is escaped (preceded by a backslash). */
  const literal = (text: string) => text.replace(/\\[\\[\]*_]/g, '').match(/[\\[\]*_]/g) === null;

  it('makes the team’s name literal in markdown: no link, no emphasis', () => {
    const [headline] = blocks as [TextBlock];
    expect(headline.text).toBe(escapeMarkdown(`${HOSTILE_TEAM}: 5 breaches today`));
    expect(literal(headline.text)).toBe(true);
    expect(headline.text).toContain('\\[Open\\](javascript:alert(1))');
  });

  it('makes a worker’s name, a manager’s name and a rule title literal in their lines', () => {
    const heading = blocks.find((block) => block.text.endsWith("'s cases (1)")) as TextBlock;
    expect(heading.text).toBe(`${escapeMarkdown(HOSTILE_TEAM)}'s cases (1)`);
    expect(literal(heading.text)).toBe(true);
    const line = blocks.find((block) => block.text.includes(HOSTILE_TITLE)) as TextBlock;
    // The line's own markdown is the case link and the bold "how late"; the title and the name add none.
    expect(line.text).toMatch(
      /^- \[CASE-1001\]\(https:\/\/[^\s()]+\): <svg onload=alert\(1\)> — \*\*[^*]+\*\*, /,
    );
    expect(literal(line.text.replace(/^- \[CASE-1001\]\([^\s()]+\): /, '').replaceAll('**', ''))).toBe(true);
    expect(line.text).toContain(`for ${escapeMarkdown(HOSTILE_TEAM)} (Assistant Team Manager) to do`);
  });
});

describe('the local Teams sink’s page', () => {
  it('shows hostile channel names, card text and facts as text', async () => {
    const sink = await startTeamsSink();
    try {
      const card = renderTeamsCard(
        { ...teamsNotice(managerLines()), teamName: HOSTILE_NAME },
        renderSettings,
      );
      const post = (channel: string, payload: unknown) =>
        fetch(sink.webhookUrl(channel), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
      expect((await post('<script>alert(1)</script>', card)).status).toBe(202);
      const facts = { type: 'FactSet', facts: [{ title: HOSTILE_TITLE, value: HOSTILE_NAME }] };
      expect(
        (await post('north', { type: 'message', attachments: [{ content: { body: [facts] } }] })).status,
      ).toBe(202);
      const response = await fetch(sink.url);
      expect(response.headers.get('content-security-policy')).toBe(SINK_PAGE_POLICY);
      const page = await response.text();
      // The page's own scripts (the Adaptive Cards renderer and what drives it, from the sink itself) and
      // nothing else.
      const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts).toEqual([
        '<script src="/assets/markdown-it.js" defer>',
        '<script src="/assets/adaptivecards.js" defer>',
        '<script src="/assets/sink.js" defer>',
      ]);
      expect(page.replace(/<script src="\/assets\/[a-z-]+\.js" defer><\/script>/g, '')).not.toMatch(
        LIVE_MARKUP,
      );
      expect(page).toContain('<h2>&lt;script&gt;alert(1)&lt;/script&gt; <time>');
      expect(page).toContain('&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;: 4 breaches today');
      expect(page).toContain(
        '<p>&lt;svg onload=alert(1)&gt;: &quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;</p>',
      );
    } finally {
      await sink.close();
    }
  });
});

describe('los output', () => {
  async function los(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { print: (t) => out.push(t), warn: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters.
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('never echoes what a rejected event holds in its id or a field name, and shows the accepted ones as text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'los-escaping-')), 'events.ndjson');
    const event = (id: string, source = 'mosaic') =>
      JSON.stringify({
        id,
        type: 'cp_plan.started',
        caseId: 'CASE-E1',
        occurredAt: '2026-11-02',
        source,
        data: {},
      });
    writeFileSync(
      file,
      [
        event('\u001b[2J\u001b[32mall events accepted'),
        event(`note: ${'A'.repeat(5000)}`),
        event('e-1\u0007', '\u001b[31m'),
        event('<img src=x onerror=alert(1)>', '<b>mosaic</b>'),
        JSON.stringify({ ...JSON.parse(event('e-2')), 'Jane Sentinel-Smith\u001b[2J': true }),
        event('e-3'),
      ].join('\n'),
    );
    const table = await los('deadlines', '--events', file, '--as-of', '2026-11-23');
    expect(table.code).toBe(3);
    // Each rejected line is named by its number: its id is not an id, so it is not repeated; nor is
    // the name of a field the contract does not have, which is named by its position.
    const opaque = 'may only contain the letters A–Z and a–z, digits and . _ : / # @ + - (no spaces)';
    expect(table.err.split('\n')).toEqual([
      '5 events were rejected and left out:',
      `  line 1: id: ${opaque}`,
      // A note with a space in it, and over the length.
      '  line 2: id: must be at most 128 characters long',
      `  line 2: id: ${opaque}`,
      `  line 3: id: ${opaque}`,
      `  line 3: source: ${opaque}`,
      `  line 4: id: ${opaque}`,
      `  line 4: source: ${opaque}`,
      '  line 5 (event e-2): its 7th field is not a recognised field',
    ]);
    expect(`${table.out}${table.err}`).not.toMatch(CONTROL);
    expect(`${table.out}${table.err}`).not.toMatch(/Sentinel|note:|<img|<b>/);
    expect(table.out).toContain('CASE-E1');

    const json = await los('deadlines', '--events', file, '--as-of', '2026-11-23', '--json');
    expect(json.out).not.toMatch(CONTROL);
    expect(() => JSON.parse(json.out)).not.toThrow();
  });
});
