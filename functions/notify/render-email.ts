/**
 * The email a person gets: the morning digest of their deadlines and of the breaches escalated to
 * them, or an immediate alert when a deadline counted in hours is near or missed. The HTML comes from
 * MJML, whose table layout reads on a phone and in Outlook alike; a plain-text part says the same.
 *
 * Data minimisation: a case is named by its reference and a link to it, never by anything about the
 * child; the subject carries counts only, because subjects show on lock screens and in mail logs.
 */
import mjml2html from 'mjml';
import { OVERSIGHT_LEVELS } from '../../events/vocabularies.ts';
import { formatLongDate, parseIsoDate } from '../core/calendar/index.ts';
import { joinAnd } from '../core/engine/explain.ts';
import type { EmailNotice } from '../core/notices/message.ts';
import type { OutgoingEmail } from '../core/ports.ts';
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
interface EmailContent {
  subject: string;
  preheader: string;
  heading: string;
  intro: string[];
  sections: Section[];
  footer: string[];
}

// GOV.UK's palette: text 19:1 and secondary text 7:1 on white, links 5:1 and underlined, so nothing
// depends on colour alone.
const TEXT = '#0b0c0c';
const SECONDARY = '#505a5f';
const LINK = '#1d70b8';
const RULE = '#b1b4b6';

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
      'Cases are named by reference only: open a case in the case system for its details. This email is for you: do not forward it outside the council.',
      'How it stops: a deadline leaves these emails once it is met and recorded in the case system. If a case here is not yours, ask your team manager to correct its allocation.',
    ],
  };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and double-quoted attributes: MJML passes `mj-text` through as it is. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** "Due Fri 20 Nov 2026: 3 working days overdue (escalation step 1, to TM)", with how late stressed. */
const standingOf = (described: DescribedLine, text: (s: string) => string, strong: (s: string) => string) =>
  `${text(described.due)}: ${strong(described.when)}${described.step ? ` (${text(described.step)})` : ''}`;

const asIs = (s: string) => s;

function lineHtml(described: DescribedLine, settings: RenderSettings): string {
  const { caseId, title } = described.line;
  const link = escapeHtml(caseLink(settings, caseId));
  const standing = standingOf(described, escapeHtml, (when) => `<strong>${escapeHtml(when)}</strong>`);
  return (
    `<li style="margin:0 0 14px 0"><a href="${link}" style="color:${LINK};text-decoration:underline">${escapeHtml(caseId)}</a>: ${escapeHtml(title)}` +
    `<br />${standing}` +
    `<br /><span style="color:${SECONDARY};font-size:14px">Standard: ${escapeHtml(described.source)}</span></li>`
  );
}

const H1 = `margin:0 0 16px 0;font-size:28px;line-height:1.25;font-weight:bold;color:${TEXT}`;
const H2 = `margin:28px 0 12px 0;font-size:22px;line-height:1.3;font-weight:bold;color:${TEXT}`;
const H3 = `margin:16px 0 8px 0;font-size:18px;line-height:1.3;font-weight:bold;color:${TEXT}`;
const LIST = 'margin:0;padding:0 0 0 20px';

function sectionHtml(section: Section, settings: RenderSettings): string {
  const groups = section.groups.map(
    (group) =>
      `${group.heading ? `<h3 style="${H3}">${escapeHtml(counted(group.heading, group.lines.length))}</h3>` : ''}` +
      `<ul style="${LIST}">${group.lines.map((line) => lineHtml(line, settings)).join('')}</ul>`,
  );
  return `<mj-text><h2 style="${H2}">${escapeHtml(counted(section.heading, sectionSize(section)))}</h2>${groups.join('')}</mj-text>`;
}

function mjmlOf(content: EmailContent, settings: RenderSettings): string {
  const paragraphs = (texts: string[]) => texts.map((text) => `<p>${escapeHtml(text)}</p>`).join('');
  return `<mjml lang="en-GB" dir="ltr">
  <mj-head>
    <mj-title>${escapeHtml(content.subject)}</mj-title>
    <mj-preview>${escapeHtml(content.preheader)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Arial, Helvetica, sans-serif" />
      <mj-text color="${TEXT}" font-size="16px" line-height="1.5" padding="0 16px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#ffffff" width="600px">
    <mj-section padding="24px 0">
      <mj-column>
        <mj-text><h1 style="${H1}">${escapeHtml(content.heading)}</h1>${paragraphs(content.intro)}</mj-text>
        ${content.sections.map((section) => sectionHtml(section, settings)).join('\n        ')}
        <mj-divider border-color="${RULE}" border-width="1px" padding="24px 16px" />
        <mj-text color="${SECONDARY}" font-size="14px">${paragraphs(content.footer)}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

function textOf(content: EmailContent, settings: RenderSettings): string {
  const heading = (text: string, underline: string) => `${text}\n${underline.repeat(text.length)}`;
  const line = (described: DescribedLine) =>
    [
      `- ${described.line.caseId}: ${described.line.title}`,
      `  ${standingOf(described, asIs, asIs)}`,
      `  Standard: ${described.source}`,
      `  Open the case: ${caseLink(settings, described.line.caseId)}`,
    ].join('\n');
  const sections = content.sections.map((section) =>
    [
      heading(counted(section.heading, sectionSize(section)), '-'),
      ...section.groups.map((group) =>
        [
          ...(group.heading ? [`${counted(group.heading, group.lines.length)}:`] : []),
          ...group.lines.map(line),
        ].join('\n'),
      ),
    ].join('\n\n'),
  );
  return `${[heading(content.heading, '='), ...content.intro, ...sections, '---', ...content.footer].join('\n\n')}\n`;
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
  const { html } = await mjml2html(mjmlOf(content, settings), { validationLevel: 'strict' });
  return { to: notice.recipient.email, subject: content.subject, text: textOf(content, settings), html };
}
