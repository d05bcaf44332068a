/** The Teams card: the Workflows payload's shape, grouping by worker, buttons, escaping and the size budget. */
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  MAX_CASE_BUTTONS,
  renderTeamsCard,
  TEAMS_MESSAGE_BUDGET,
  type TeamsMessage,
} from '../../functions/delivery/render-teams.ts';
import {
  hourScaleBreach,
  managerLines,
  manyBreaches,
  noticeLine,
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

  it('has a heading with the count, then the breaches grouped by worker with how late and to whom', () => {
    expect(texts(message)).toEqual([
      'North Locality Team: 4 breaches today',
      'Line of Sight, Mon 23 Nov 2026. Cases are named by reference only: open a case in the case system for its details.',
      'Worker W-101 (2)',
      '- [CASE-1002](https://casesystem.example.gov.uk/cases/CASE-1002): Child in need review held — **3 working days overdue**, due Wed 18 Nov 2026, escalation step 1, to TM',
      '- [CASE-1003](https://casesystem.example.gov.uk/cases/CASE-1003): Child protection visit — **1 working day overdue**, due Fri 20 Nov 2026, escalation step 1, to TM',
      'Worker W-102 (1)',
      '- [CASE-2001](https://casesystem.example.gov.uk/cases/CASE-2001): Child protection visit — **8 working days overdue**, due Wed 11 Nov 2026, escalation step 2, to TM',
      'Not allocated to a worker (1)',
      '- [CASE-3001](https://casesystem.example.gov.uk/cases/CASE-3001): Child protection visit — **6 working days overdue**, due Fri 13 Nov 2026, escalation step 1, to TM',
    ]);
  });

  it('has a button per case in the order of the text', () => {
    expect(card(message).actions.map((action) => action.title)).toEqual([
      'Open CASE-1002',
      'Open CASE-1003',
      'Open CASE-2001',
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
  });

  it('is cut short, within the budget, even by a single line too long to fit', () => {
    const huge = renderTeamsCard(teamsNotice([noticeLine({ title: 'x'.repeat(40_000) })]), renderSettings);
    expect(size(huge)).toBeLessThanOrEqual(TEAMS_MESSAGE_BUDGET);
    expect(texts(huge).slice(2)).toEqual(["…and 1 more — see the day's email digests."]);
  });
});

describe('escaping', () => {
  it('makes markdown in case references, titles and worker ids literal', () => {
    expect(escapeMarkdown('a*b_c[d](e)\\f')).toBe('a\\*b\\_c\\[d\\](e)\\\\f');
    const message = renderTeamsCard(
      teamsNotice([
        noticeLine({
          caseId: 'C_1)[x](https://evil.example',
          title: '**Urgent** [click](https://evil.example) _now_',
          workerId: 'W_*1*',
        }),
      ]),
      renderSettings,
    );
    expect(texts(message)).toContain('Worker W\\_\\*1\\* (1)');
    expect(lineTexts(message)).toEqual([
      '- [C\\_1)\\[x\\](https://evil.example](https://casesystem.example.gov.uk/cases/C_1%29%5Bx%5D%28https%3A%2F%2Fevil.example): ' +
        '\\*\\*Urgent\\*\\* \\[click\\](https://evil.example) \\_now\\_ — **due today**, due Mon 23 Nov 2026',
    ]);
  });
});

describe('an alert for a deadline counted in hours', () => {
  it('is urgent, and gives the time it was due', () => {
    const message = renderTeamsCard(teamsNotice([hourScaleBreach()], 'alert'), renderSettings);
    expect(texts(message)[0]).toBe('North Locality Team: urgent — a deadline counted in hours is overdue');
    expect(lineTexts(message)[0]).toContain(
      '**16 hours 30 minutes overdue**, due by 14:30 on Sun 22 Nov 2026',
    );
  });
});

it('refuses a notice with no lines', () => {
  expect(() => renderTeamsCard(teamsNotice([]), renderSettings)).toThrow('has no lines');
});
