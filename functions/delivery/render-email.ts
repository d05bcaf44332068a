/**
 * The email a person gets: the morning digest of their deadlines and of the breaches escalated to
 * them, or an immediate alert when a deadline counted in hours is near or missed. The HTML comes from
 * MJML, whose table layout reads on a phone and in Outlook alike; a plain-text part says the same.
 *
 * Data minimisation: a case is named by its reference and a link to it, never by anything about the
 * child; the subject carries counts only, because subjects show on lock screens and in mail logs.
 */
import { OVERSIGHT_LEVELS } from '../../events/vocabularies.ts';
import { formatLongDate, parseIsoDate } from '../core/calendar/index.ts';
import { joinAnd } from '../core/engine/explain.ts';
import type { EmailNotice } from '../core/notices/message.ts';
import type { OutgoingEmail } from '../core/ports.ts';
import {
  BY_REFERENCE_ONLY,
  caseLinkHtml,
  type EmailFrame,
  escapeHtml,
  renderFramed,
  STYLE,
  textHeading,
} from './email-frame.ts';
import {
  alertHeadline,
  byWorker,
  counted,
  type DescribedLine,
  describeLines,
  LEVEL_NAMES,
} from './notice-text.ts';
import { caseLink, type RenderSettings } from './render-settings.ts';

/** A part of the email under one heading, its lines optionally under smaller headings. */
interface Section {
  heading: string;
  /** What its lines are called in the counts: "overdue", "escalated to you". */
  label: string;
  groups: { heading: string | null; lines: DescribedLine[] }[];
}

/** Everything the email says, once: the HTML and the plain text are both written from it. */
interface EmailContent extends EmailFrame {
  sections: Section[];
}

const sectionSize = (section: Section) => section.groups.reduce((n, group) => n + group.lines.length, 0);

function sectionsOf(all: DescribedLine[]): Section[] {
  const lines = all.filter((described) => described.standing !== 'resolved');
  const own = lines.filter((described) => described.line.as === 'worker');
  const mine = (heading: string, standing: DescribedLine['standing']): Section => ({
    heading,
    label: heading.toLowerCase(),
    groups: [{ heading: null, lines: own.filter((described) => described.standing === standing) }],
  });
  const escalated = OVERSIGHT_LEVELS.map(
    (level): Section => ({
      heading: `Escalated to you as ${LEVEL_NAMES[level]}`,
      label: 'escalated to you',
      groups: byWorker(lines.filter((described) => described.line.as === level)).map((group) => ({
        heading: group.worker,
        lines: group.lines,
      })),
    }),
  );
  return [
    mine('Overdue', 'overdue'),
    mine('Due today', 'due-today'),
    mine('Coming up', 'coming-up'),
    ...escalated,
    {
      heading: 'Resolved since you were told',
      label: 'resolved',
      groups: [{ heading: null, lines: all.filter((described) => described.standing === 'resolved') }],
    },
  ].filter((section) => sectionSize(section) > 0);
}

/** "2 overdue, 1 due today and 3 coming up", in the order of the sections. */
function countsOf(sections: Section[]): string {
  const counts = new Map<string, number>();
  for (const section of sections) {
    counts.set(section.label, (counts.get(section.label) ?? 0) + sectionSize(section));
  }
  return joinAnd([...counts].map(([label, n]) => `${n} ${label}`));
}

function contentOf(notice: EmailNotice, lines: DescribedLine[]): EmailContent {
  const sections = sectionsOf(lines);
  const counts = countsOf(sections);
  const date = formatLongDate(parseIsoDate(notice.day));
  const levels = joinAnd([
    ...new Set(lines.flatMap((d) => (d.line.as === 'worker' ? [] : [LEVEL_NAMES[d.line.as]]))),
  ]);
  const reasons = [
    ...(lines.some((d) => d.line.as === 'worker') ? ['you are the allocated worker for these cases'] : []),
    ...(levels
      ? [`the practice standards say a ${levels} must be told when a deadline on them is missed`]
      : []),
  ];
  const digest = notice.kind === 'digest';
  return {
    to: notice.recipient.email,
    subject: digest ? `Line of Sight: ${counts}` : `Line of Sight: ${alertHeadline(lines)}`,
    preheader: `${digest ? `Your digest for ${date}` : 'Deadlines counted in hours'}: ${counts}.`,
    heading: digest ? `Your deadlines for ${date}` : 'Urgent: deadlines counted in hours',
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
      'How it stops: a deadline leaves these emails once it is met and recorded in the case system. If a case here is not yours, ask your team manager to correct its allocation.',
    ],
  };
}

/** "Due Fri 20 Nov 2026: 3 working days overdue (escalation step 1, to TM)", with how late stressed. */
const standingOf = (described: DescribedLine, text: (s: string) => string, strong: (s: string) => string) =>
  `${text(described.due)}: ${strong(described.when)}${described.step ? ` (${text(described.step)})` : ''}`;

const asIs = (s: string) => s;

function lineHtml(described: DescribedLine, settings: RenderSettings): string {
  const standing = standingOf(described, escapeHtml, (when) => `<strong>${escapeHtml(when)}</strong>`);
  return (
    `<li style="${STYLE.item}">${caseLinkHtml(settings, described.line.caseId)}: ${escapeHtml(described.line.title)}` +
    `<br />${standing}` +
    `<br /><span style="${STYLE.small}">Standard: ${escapeHtml(described.source)}</span></li>`
  );
}

function sectionHtml(section: Section, settings: RenderSettings): string {
  const groups = section.groups.map(
    (group) =>
      `${group.heading ? `<h3 style="${STYLE.h3}">${escapeHtml(counted(group.heading, group.lines.length))}</h3>` : ''}` +
      `<ul style="${STYLE.list}">${group.lines.map((line) => lineHtml(line, settings)).join('')}</ul>`,
  );
  return `<mj-text><h2 style="${STYLE.h2}">${escapeHtml(counted(section.heading, sectionSize(section)))}</h2>${groups.join('')}</mj-text>`;
}

function sectionText(section: Section, settings: RenderSettings): string {
  const line = (described: DescribedLine) =>
    [
      `- ${described.line.caseId}: ${described.line.title}`,
      `  ${standingOf(described, asIs, asIs)}`,
      `  Standard: ${described.source}`,
      `  Open the case: ${caseLink(settings, described.line.caseId)}`,
    ].join('\n');
  return [
    textHeading(counted(section.heading, sectionSize(section)), '-'),
    ...section.groups.map((group) =>
      [
        ...(group.heading ? [`${counted(group.heading, group.lines.length)}:`] : []),
        ...group.lines.map(line),
      ].join('\n'),
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
