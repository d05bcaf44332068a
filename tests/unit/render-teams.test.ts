/**
 * The Teams card: the Workflows payload's shape, grouping by worker (by name), what each line says,
 * buttons, escaping and the size budget.
 */
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  MAX_CASE_BUTTONS,
  renderTeamsCard,
  TEAMS_MESSAGE_BUDGET,
  type TeamsMessage,
} from '../../functions/delivery/render-teams.ts';
import {
  breach,
  hourScaleBreach,
  managerLines,
  manyBreaches,
  noticeLine,
  oversightLines,
  renderSettings,
  teamsNotice,
} from '../support/notice-lines.ts';

const card = (message: TeamsMessage) => message.attachments[0].content;
const texts = (message: TeamsMessage) => card(message).body.map((block) => block.text);
const lineTexts = (message: TeamsMessage) => texts(message).filter((text) => text.startsWith('- '));
const size = (message: TeamsMessage) => Buffer.byteLength(JSON.stringify(message));

describe("a team's daily summary", () => {
  const message = renderTeamsCard(teamsNotice(managerLines()), renderSettings);

  it('is an Adaptive Card 1.4 in the shape a Workflows webhook takes', () => {
    expect(message).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
          },
        },
      ],
    });
    expect(message.attachments).toHaveLength(1);
    for (const block of card(message).body) expect(block).toMatchObject({ type: 'TextBlock', wrap: true });
    for (const action of card(message).actions) {
      expect(action).toMatchObject({ type: 'Action.OpenUrl', url: expect.stringMatching(/^https:\/\//) });
    }
  });

  it('has a heading with the count, then the breaches grouped by worker, by name, with how late and to whom', () => {
    expect(texts(message).filter((text) => !text.startsWith('What is needed'))).toEqual([
      'North Locality Team: 4 breaches today',
      'Line of Sight, Mon 23 Nov 2026. Cases are named by reference only: open a case in the case system for its details.',
      "Jo Example's cases (1)",
      '- [CASE-2001](https://casesystem.example.gov.uk/cases/CASE-2001): Child protection visit — **8 working days overdue**, escalated to the Team Manager',
      "Sam Example's cases (2)",
      '- [CASE-1002](https://casesystem.example.gov.uk/cases/CASE-1002): Child in need review held — **3 working days overdue**, escalated to the Assistant Team Manager and Team Manager',
      '- [CASE-1003](https://casesystem.example.gov.uk/cases/CASE-1003): Child protection visit — **1 working day overdue**, escalated to the Assistant Team Manager and Team Manager',
      'Cases not allocated to a worker (1)',
      '- [CASE-3001](https://casesystem.example.gov.uk/cases/CASE-3001): Child protection visit — **6 working days overdue**, escalated to the Assistant Team Manager and Team Manager',
    ]);
  });

  it('follows each line with what is needed, when it was due and why, and the standard in short, subtly', () => {
    const details = card(message).body.filter((block) => block.text.startsWith('What is needed'));
    expect(details).toHaveLength(4);
    for (const block of details) expect(block).toMatchObject({ isSubtle: true, spacing: 'None' });
    expect(details[1]?.text).toBe(
      'What is needed: Hold the child in need review. Due Wed 18 Nov 2026: 3 months after the child in need review on Tue 18 Aug 2026. ' +
        'Standard: Practice Standards 2020: Child in Need Plans and Reviews 7',
    );
  });

  it("names the manager who must act on a manager's task", () => {
    const oversight = breach('2026-11-20', 1, {
      ...oversightLines().forManager,
      due: '2026-11-20',
      as: 'TM',
      escalatedTo: ['TM'],
    });
    expect(lineTexts(renderTeamsCard(teamsNotice([oversight]), renderSettings))).toEqual([
      '- [CASE-1001](https://casesystem.example.gov.uk/cases/CASE-1001): Management oversight recorded — **1 working day overdue**, escalated to the Team Manager, for Ash Example (Assistant Team Manager) to do',
    ]);
  });

  it('has a button per case in the order of the text', () => {
    expect(card(message).actions.map((action) => action.title)).toEqual([
      'Open CASE-2001',
      'Open CASE-1002',
      'Open CASE-1003',
      'Open CASE-3001',
    ]);
  });
});

describe('a long summary', () => {
  const message = renderTeamsCard(teamsNotice(manyBreaches(500)), renderSettings);

  it(`stays within ${TEAMS_MESSAGE_BUDGET} bytes with 500 breaches, saying how many were left out`, () => {
    expect(size(message)).toBeLessThanOrEqual(TEAMS_MESSAGE_BUDGET);
    expect(size(message)).toBeGreaterThan(TEAMS_MESSAGE_BUDGET - 1_000);
    const shown = lineTexts(message).length;
    expect(texts(message)[0]).toBe('North Locality Team: 500 breaches today');
    expect(texts(message).at(-1)).toBe(`…and ${500 - shown} more — see the day's email digests.`);
  });

  it(`has at most ${MAX_CASE_BUTTONS} buttons, for cases shown in the text; every line links its case`, () => {
    const actions = card(message).actions;
    expect(actions).toHaveLength(MAX_CASE_BUTTONS);
    const text = lineTexts(message).join('\n');
    for (const action of actions) expect(text).toContain(`(${action.url})`);
    for (const line of lineTexts(message)) expect(line).toMatch(/^- \[CASE-\d+\]\(https:\/\/casesystem\./);
  });

  it('never shows a worker heading without a line under it', () => {
    const body = texts(message);
    body.forEach((text, index) => {
      if (text.startsWith('Worker ')) expect(body[index + 1]).toMatch(/^- /);
    });
    expect(body.filter((text) => text.startsWith('Worker '))).not.toHaveLength(0);
  });

  it('is cut short, within the budget, even by a single line too long to fit', () => {
    const huge = renderTeamsCard(teamsNotice([noticeLine({ title: 'x'.repeat(40_000) })]), renderSettings);
    expect(size(huge)).toBeLessThanOrEqual(TEAMS_MESSAGE_BUDGET);
    expect(texts(huge).slice(2)).toEqual(["…and 1 more — see the day's email digests."]);
  });
});

describe('escaping', () => {
  it('makes markdown in case references, titles, worker names and explanations literal', () => {
    expect(escapeMarkdown('a*b_c[d](e)\\f')).toBe('a\\*b\\_c\\[d\\](e)\\\\f');
    const message = renderTeamsCard(
      teamsNotice([
        noticeLine({
          caseId: 'C_1)[x](https://evil.example',
          title: '**Urgent** [click](https://evil.example) _now_',
          workerName: 'W_*1*',
          why: 'after the [visit](https://evil.example)',
        }),
      ]),
      renderSettings,
    );
    expect(texts(message)).toContain("W\\_\\*1\\*'s cases (1)");
    expect(lineTexts(message)).toEqual([
      '- [C\\_1)\\[x\\](https://evil.example](https://casesystem.example.gov.uk/cases/C_1%29%5Bx%5D%28https%3A%2F%2Fevil.example): ' +
        '\\*\\*Urgent\\*\\* \\[click\\](https://evil.example) \\_now\\_ — **due today**',
    ]);
    expect(texts(message)).toContain(
      'To do: Visit and see the child. Due Mon 23 Nov 2026: after the \\[visit\\](https://evil.example). Standard: Practice Standards 2020: Child Protection Plans and Reviews 6',
    );
  });
});

describe('an alert for a deadline counted in hours', () => {
  it('is urgent, and gives the time it was due', () => {
    const message = renderTeamsCard(teamsNotice([hourScaleBreach()], 'alert'), renderSettings);
    expect(texts(message)[0]).toBe('North Locality Team: urgent — a deadline counted in hours is overdue');
    expect(lineTexts(message)[0]).toContain('**16 hours 30 minutes overdue**, escalated to the');
    expect(texts(message)).toContain(
      'To do: Record the visit on the case system. Due by 14:30 on Sun 22 Nov 2026: 24 hours after the visit at Sat 21 Nov 2026, 14:30 GMT. Standard: Practice Standards 2020: Child Protection Plans and Reviews 7',
    );
  });
});

it('refuses a notice with no lines', () => {
  expect(() => renderTeamsCard(teamsNotice([]), renderSettings)).toThrow('has no lines');
});
