/**
 * The email a person gets: the morning digest of their deadlines, of the breaches escalated to them
 * and (for a worker) of what waits on their manager, or an immediate alert when a deadline counted in
 * hours is near or missed. Each line says which case, what is due and where it stands, why it falls
 * due then, who must act, and the standard; managers' lines are grouped by worker, by name, and case.
 * The HTML comes from MJML, whose table layout reads on a phone and in Outlook alike; a plain-text
 * part says the same.
 *
 * Data minimisation: a case is named by its reference and a link to it, never by anything about the
 * child; the subject carries counts only, because subjects show on lock screens and in mail logs.
 */
import { OVERSIGHT_LEVELS } from '../../events/vocabularies.ts';
import { formatLongDate, parseIsoDate } from '../core/calendar/index.ts';
import { joinAnd } from '../core/engine/explain.ts';
import type { EmailNotice } from '../core/notices/message.ts';
import type { OutgoingEmail } from '../core/ports.ts';
import { escapeMarkup } from '../core/text/escape.ts';
import {
  BY_REFERENCE_ONLY,
  caseLinkHtml,
  type EmailFrame,
  renderFramed,
  STYLE,
  textHeading,
} from './email-frame.ts';
import {
  alertHeadline,
  byCase,
  byWorker,
  counted,
  type DescribedLine,
  describeLines,
  LEVEL_NAMES,
  withArticle,
} from './notice-text.ts';
import { caseLink, type RenderSettings } from './render-settings.ts';

/** A part of the email under one heading: the reader's own cases, then others' by worker; each by case. */
interface Section {
  heading: string;
  /** What its lines are called in the counts: "overdue", "escalated to you". */
  label: string;
  /** A sentence under the heading, for a section that needs saying what it is. */
  intro: string | null;
  /** Whose cases: null for the reader's own (lines told to them as the allocated worker). */
  groups: { heading: string | null; lines: DescribedLine[] }[];
}

/** Everything the email says, once: the HTML and the plain text are both written from it. */
interface EmailContent extends EmailFrame {
  sections: Section[];
}

const sectionSize = (section: Section) => section.groups.reduce((n, group) => n + group.lines.length, 0);

const WAITING_INTRO =
  'These are for a manager to do on cases you hold. Nothing is needed from you: they are here so you know what is waiting, and on whom.';

function sectionsOf(all: DescribedLine[]): Section[] {
  const open = all.filter((described) => described.standing !== 'resolved');
  const section = (heading: string, label: string, lines: DescribedLine[], intro: string | null = null) => {
    const own = lines.filter((described) => described.line.as === 'worker');
    const others = byWorker(lines.filter((described) => described.line.as !== 'worker'));
    return {
      heading,
      label,
      intro,
      groups: [
        ...(own.length > 0 ? [{ heading: null, lines: own }] : []),
        ...others.map((group) => ({ heading: group.worker, lines: group.lines })),
      ],
    };
  };
  const mine = (heading: string, standing: DescribedLine['standing']): Section =>
    section(
      heading,
      heading.toLowerCase(),
      open.filter((described) => described.role === 'acts' && described.standing === standing),
    );
  const escalated = OVERSIGHT_LEVELS.map(
    (level): Section =>
      section(
        `Escalated to you as ${LEVEL_NAMES[level]}`,
        'escalated to you',
        open.filter((described) => described.role === 'escalated' && described.line.as === level),
      ),
  );
  return [
    mine('Overdue', 'overdue'),
    mine('Due today', 'due-today'),
    mine('Coming up', 'coming-up'),
    ...escalated,
    section(
      'Waiting on your manager',
      'waiting on your manager',
      open.filter((described) => described.role === 'waiting'),
      WAITING_INTRO,
    ),
    section(
      'Resolved since you were told',
      'resolved',
      all.filter((described) => described.standing === 'resolved'),
    ),
  ].filter((part) => sectionSize(part) > 0);
}

/** "2 overdue, 1 due today and 3 coming up", in the order of the sections. */
function countsOf(sections: Section[]): string {
  const counts = new Map<string, number>();
  for (const section of sections) {
    counts.set(section.label, (counts.get(section.label) ?? 0) + sectionSize(section));
  }
  return joinAnd([...counts].map(([label, n]) => `${n} ${label}`));
}

/** The manager levels the lines are told in, in words, for those in `role`: "Team Manager". */
const levelsIn = (lines: DescribedLine[], role: DescribedLine['role']) =>
  joinAnd([
    ...new Set(
      lines.flatMap((d) => (d.role === role && d.line.as !== 'worker' ? [LEVEL_NAMES[d.line.as]] : [])),
    ),
  ]);

/** Whose work the email is about: the reader's own, the staff's they manage, or both. */
function headingOf(lines: DescribedLine[], date: string): string {
  const own = lines.some((d) => d.role !== 'escalated');
  const staff = lines.some((d) => d.role === 'escalated');
  const whose =
    own && staff
      ? "Your deadlines and your staff's overdue work"
      : own
        ? 'Your deadlines'
        : "Your staff's overdue work";
  return `${whose} for ${date}`;
}

function contentOf(notice: EmailNotice, lines: DescribedLine[]): EmailContent {
  const sections = sectionsOf(lines);
  const counts = countsOf(sections);
  const date = formatLongDate(parseIsoDate(notice.day));
  const acting = levelsIn(lines, 'acts');
  const escalated = levelsIn(lines, 'escalated');
  const standards = [
    ...(acting ? [`${withArticle(acting)} must act on the deadlines for you to do`] : []),
    ...(escalated
      ? [
          `${escalated === acting ? '' : `${withArticle(escalated)} `}must be told when a deadline is missed on the cases of the staff they manage`,
        ]
      : []),
  ];
  const reasons = [
    ...(lines.some((d) => d.line.as === 'worker' && d.line.assignee === undefined)
      ? ['you are the allocated worker for these cases']
      : []),
    ...(lines.some((d) => d.line.as === 'worker' && d.line.assignee !== undefined)
      ? ['you own actions recorded for these cases at the Line of Sight meeting']
      : []),
    ...(standards.length > 0 ? [`the practice standards say ${joinAnd(standards)}`] : []),
  ];
  const correction =
    notice.recipient.level === 'worker'
      ? 'If a case here is not yours, ask your team manager to correct its allocation.'
      : 'If a case here is not held by you or someone you manage, correct its allocation in the case system, or ask the Line of Sight administrators to correct who reports to whom in the staff directory.';
  const digest = notice.kind === 'digest';
  return {
    to: notice.recipient.email,
    subject: digest ? `Line of Sight: ${counts}` : `Line of Sight: ${alertHeadline(lines)}`,
    preheader: `${digest ? `Your digest for ${date}` : 'Deadlines counted in hours'}: ${counts}.`,
    heading: digest ? headingOf(lines, date) : 'Urgent: deadlines counted in hours',
    intro: [
      `Hello ${notice.recipient.name},`,
      digest
        ? `This is your Line of Sight digest for ${date}: ${counts}.`
        : `These deadlines are counted in hours, so Line of Sight tells you straight away rather than in the next morning's digest: ${counts}.`,
    ],
    sections,
    footer: [
      `Why you get this: ${joinAnd(reasons)}.`,
      BY_REFERENCE_ONLY,
      `How it stops: a deadline leaves these emails once it is met and recorded in the case system. ${correction}`,
    ],
  };
}

/**
 * A line's first sentence, "Child protection visit: 3 working days overdue, escalated to your Team
 * Manager", with where it stands stressed; then what to do, when it is due and why, and the standard.
 */
const headOf = (described: DescribedLine, text: (s: string) => string, strong: (s: string) => string) =>
  `${text(described.line.title)}: ${strong(described.status)}${described.note ? text(`, ${described.note}`) : ''}`;

const asIs = (s: string) => s;

function lineHtml(described: DescribedLine): string {
  const head = headOf(described, escapeMarkup, (status) => `<strong>${escapeMarkup(status)}</strong>`);
  return (
    `<li style="${STYLE.item}">${head}` +
    `<br />${escapeMarkup(described.toDo)}<br />${escapeMarkup(described.dueAndWhy)}` +
    `<br /><span style="${STYLE.small}">Standard: ${escapeMarkup(described.source)}</span></li>`
  );
}

function casesHtml(lines: DescribedLine[], settings: RenderSettings): string {
  const cases = byCase(lines).map(
    (group) =>
      `<li style="${STYLE.item}">${caseLinkHtml(settings, group.caseId)}` +
      `<ul style="${STYLE.sublist}">${group.lines.map(lineHtml).join('')}</ul></li>`,
  );
  return `<ul style="${STYLE.list}">${cases.join('')}</ul>`;
}

function sectionHtml(section: Section, settings: RenderSettings): string {
  const groups = section.groups.map(
    (group) =>
      `${group.heading ? `<h3 style="${STYLE.h3}">${escapeMarkup(counted(group.heading, group.lines.length))}</h3>` : ''}` +
      casesHtml(group.lines, settings),
  );
  const intro = section.intro ? `<p>${escapeMarkup(section.intro)}</p>` : '';
  return `<mj-text><h2 style="${STYLE.h2}">${escapeMarkup(counted(section.heading, sectionSize(section)))}</h2>${intro}${groups.join('')}</mj-text>`;
}

function casesText(lines: DescribedLine[], settings: RenderSettings): string {
  const line = (described: DescribedLine) =>
    [
      `- ${headOf(described, asIs, asIs)}`,
      `  ${described.toDo}`,
      `  ${described.dueAndWhy}`,
      `  Standard: ${described.source}`,
    ].join('\n');
  return byCase(lines)
    .map((group) =>
      [`${group.caseId} (open the case: ${caseLink(settings, group.caseId)})`, ...group.lines.map(line)].join(
        '\n',
      ),
    )
    .join('\n\n');
}

function sectionText(section: Section, settings: RenderSettings): string {
  return [
    textHeading(counted(section.heading, sectionSize(section)), '-'),
    ...(section.intro ? [section.intro] : []),
    ...section.groups.map((group) =>
      [
        ...(group.heading ? [`${counted(group.heading, group.lines.length)}:`] : []),
        casesText(group.lines, settings),
      ].join('\n\n'),
    ),
  ].join('\n\n');
}

/**
 * Renders an email notice: subject, HTML and plain text.
 *
 * @throws when the notice has no lines (the planner sends none such), and with MJML's validation
 * errors when the generated markup is invalid, so a broken template fails the send instead of
 * reaching someone's inbox half-rendered.
 */
export async function renderEmail(notice: EmailNotice, settings: RenderSettings): Promise<OutgoingEmail> {
  if (notice.lines.length === 0) throw new Error(`Email notice ${notice.key} has no lines to send`);
  const lines = describeLines(notice.lines, {
    day: notice.day,
    asOf: notice.asOf,
    calendar: settings.calendar,
  });
  const content = contentOf(notice, lines);
  return renderFramed(content, {
    mjml: content.sections.map((section) => sectionHtml(section, settings)),
    text: content.sections.map((section) => sectionText(section, settings)),
  });
}
