/**
 * The Adaptive Card a team's Teams channel gets through its Workflows webhook: the day's summary of
 * breaches, grouped by worker (by name), or an immediate alert for a deadline counted in hours. Each
 * line says how late it is, who it was escalated to, who must act on a manager's task, when it was due
 * and why, and the standard. Cases are named by reference and link only, as in the emails.
 *
 * A Workflows message is limited to about 28 KB, so a long summary is cut short with a count of what
 * was left out; everyone named still gets every line in their own email digest.
 */
import { formatLongDate, parseIsoDate } from '../core/calendar/index.ts';
import type { TeamsNotice } from '../core/notices/message.ts';
import {
  alertHeadline,
  byWorker,
  counted,
  type DescribedLine,
  describeLines,
  escalationText,
  ownerText,
  plural,
  type WorkerGroup,
} from './notice-text.ts';
import { caseLink, type RenderSettings } from './render-settings.ts';

/** An Adaptive Card TextBlock (schema 1.4). */
export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Large' | 'Medium';
  weight?: 'Bolder';
  isSubtle?: boolean;
  spacing?: 'None' | 'Medium' | 'Large';
  separator?: boolean;
}

/** A button that opens a link: the one action a Workflows card can use without a bot. */
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** The body of a Workflows "post to a channel" webhook request. */
export interface TeamsMessage {
  type: 'message';
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive';
      contentUrl: null;
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
        type: 'AdaptiveCard';
        version: '1.4';
        body: TextBlock[];
        actions: OpenUrlAction[];
      };
    },
  ];
}

/** The most a message may be, in bytes of JSON, below the Workflows limit of about 28 KB. */
export const TEAMS_MESSAGE_BUDGET = 28_000;
/** Buttons after the text: the first few cases; every case is also a link in its line. */
export const MAX_CASE_BUTTONS = 5;

/**
 * Text made literal in Adaptive Card markdown, which reads `*` and `_` as emphasis, `[` and `]` as
 * links, and a backslash as the escape itself.
 */
export const escapeMarkdown = (text: string) => text.replace(/[\\[\]*_]/g, '\\$&');

// Brackets and spaces would end a markdown link's address early; caseLink already encodes the case id,
// but encodeURIComponent leaves round brackets alone.
const markdownUrl = (url: string) =>
  url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const text = (value: string, options: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...options,
});

/**
 * A line as two blocks: "- [CASE-1](…): Child protection visit — **3 working days overdue**, escalated
 * to the Assistant Team Manager and Team Manager", then, subtle, what to do, when it was due and why,
 * and the standard.
 */
function lineBlocks(described: DescribedLine, settings: RenderSettings): TextBlock[] {
  const { line } = described;
  const link = `[${escapeMarkdown(line.caseId)}](${markdownUrl(caseLink(settings, line.caseId))})`;
  const notes = [escalationText(line, 'the'), ownerText(line)].flatMap((note) => (note ? [`, ${note}`] : []));
  return [
    text(
      `- ${link}: ${escapeMarkdown(line.title)} — **${described.when}**${escapeMarkdown(notes.join(''))}`,
      {
        spacing: 'Medium',
      },
    ),
    text(escapeMarkdown(`${described.toDo} ${described.dueAndWhy} Standard: ${described.source}`), {
      isSubtle: true,
      spacing: 'None',
    }),
  ];
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

const moreBlock = (left: number) =>
  text(`…and ${left} more — see the day's email digests.`, { spacing: 'Large' });

/**
 * The card's text under its heading, within `budget` bytes of JSON (each block plus its comma): the
 * lines in order, worker by worker, while they fit, then "and N more" for the rest. A worker's heading
 * is only shown with at least one of their lines.
 */
function bodyWithin(
  groups: WorkerGroup[],
  total: number,
  settings: RenderSettings,
  budget: number,
): TextBlock[] {
  // Room for the closing count is kept from the start, at its longest.
  let room = budget - bytes(moreBlock(total)) - 1;
  const body: TextBlock[] = [];
  let shown = 0;
  fill: for (const group of groups) {
    let heading: TextBlock | null = text(escapeMarkdown(counted(group.worker, group.lines.length)), {
      weight: 'Bolder',
      spacing: 'Large',
      separator: true,
    });
    for (const described of group.lines) {
      const blocks = [...(heading ? [heading] : []), ...lineBlocks(described, settings)];
      const cost = blocks.reduce((total, block) => total + bytes(block) + 1, 0);
      if (cost > room) break fill;
      body.push(...blocks);
      heading = null;
      room -= cost;
      shown += 1;
    }
  }
  return shown < total ? [...body, moreBlock(total - shown)] : body;
}

/**
 * Renders a Teams notice as the Workflows webhook payload: an Adaptive Card 1.4 with a heading, the
 * lines grouped by worker, and buttons opening the first {@link MAX_CASE_BUTTONS} cases. The JSON is
 * at most {@link TEAMS_MESSAGE_BUDGET} bytes.
 *
 * @throws when the notice has no lines (the planner sends none such).
 */
export function renderTeamsCard(notice: TeamsNotice, settings: RenderSettings): TeamsMessage {
  if (notice.lines.length === 0) throw new Error(`Teams notice ${notice.key} has no lines to send`);
  const lines = describeLines(notice.lines, {
    day: notice.day,
    asOf: notice.asOf,
    calendar: settings.calendar,
  });
  const headline =
    notice.kind === 'alert'
      ? `${notice.teamName}: ${alertHeadline(lines)}`
      : `${notice.teamName}: ${plural(lines.length, 'breach', 'breaches')} today`;
  const head = [
    text(escapeMarkdown(headline), { size: 'Large', weight: 'Bolder' }),
    text(
      `Line of Sight, ${formatLongDate(parseIsoDate(notice.day))}. Cases are named by reference only: open a case in the case system for its details.`,
      { isSubtle: true },
    ),
  ];
  const groups = byWorker(lines);
  // The buttons follow the order of the text, so they open the first cases shown.
  const caseIds = [
    ...new Set(groups.flatMap((group) => group.lines.map((described) => described.line.caseId))),
  ];
  const actions = caseIds.slice(0, MAX_CASE_BUTTONS).map(
    (caseId): OpenUrlAction => ({
      type: 'Action.OpenUrl',
      title: `Open ${caseId}`,
      url: caseLink(settings, caseId),
    }),
  );
  const message = (body: TextBlock[]): TeamsMessage => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions,
        },
      },
    ],
  });
  const room = TEAMS_MESSAGE_BUDGET - bytes(message(head));
  return message([...head, ...bodyWithin(groups, lines.length, settings, room)]);
}
