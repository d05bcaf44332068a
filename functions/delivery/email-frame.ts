/**
 * What every email Line of Sight sends shares: the MJML frame (a heading, an introduction, the
 * email's own sections, a footer), the plain-text part written from the same words, the colours, the
 * heading styles, and how a case reference links to the case system. The digest and alert
 * (`render-email.ts`) and the weekly summary (`render-weekly.ts`) fill in the sections, escaping every
 * text with `escapeMarkup` (core/text/escape.ts): MJML passes `mj-text` through as it is.
 *
 * MJML's table layout reads on a phone and in Outlook alike. Colours are GOV.UK's: text 19:1 and
 * secondary text 7:1 on white, links 5:1 and underlined, so nothing depends on colour alone.
 */
import mjml2html from 'mjml';
import type { OutgoingEmail } from '../core/ports.ts';
import { escapeMarkup } from '../core/text/escape.ts';
import { caseLink, type RenderSettings } from './render-settings.ts';

/** What an email says around its own sections. */
export interface EmailFrame {
  to: string;
  /** Counts only, never a case: subjects show on lock screens and in mail logs. */
  subject: string;
  preheader: string;
  heading: string;
  intro: string[];
  footer: string[];
}

/** An email's own sections, once as MJML (each an `mj-text` or other body element) and once as text. */
export interface EmailSections {
  mjml: string[];
  text: string[];
}

const TEXT = '#0b0c0c';
const SECONDARY = '#505a5f';
const LINK = '#1d70b8';
/** The colour of dividing lines (a table's rows, the line above the footer). */
export const RULE = '#b1b4b6';

/** Inline styles (Outlook ignores style sheets) of the headings and lists inside an email's sections. */
export const STYLE = {
  h1: `margin:0 0 16px 0;font-size:28px;line-height:1.25;font-weight:bold;color:${TEXT}`,
  h2: `margin:28px 0 12px 0;font-size:22px;line-height:1.3;font-weight:bold;color:${TEXT}`,
  h3: `margin:16px 0 8px 0;font-size:18px;line-height:1.3;font-weight:bold;color:${TEXT}`,
  list: 'margin:0;padding:0 0 0 20px',
  sublist: 'margin:6px 0 0 0;padding:0 0 0 20px',
  item: 'margin:0 0 14px 0',
  small: `color:${SECONDARY};font-size:14px`,
} as const;

/** The footer line every email carries about what it holds and where it may go. */
export const BY_REFERENCE_ONLY =
  'Cases are named by reference only: open a case in the case system for its details. This email is for you: do not forward it outside the council.';

/** A case reference linked to the case system, underlined. */
export const caseLinkHtml = (settings: RenderSettings, caseId: string) =>
  `<a href="${escapeMarkup(caseLink(settings, caseId))}" style="color:${LINK};text-decoration:underline">${escapeMarkup(caseId)}</a>`;

/** A plain-text heading, underlined with `underline` (`=` for the title, `-` for a section). */
export const textHeading = (text: string, underline: string) => `${text}\n${underline.repeat(text.length)}`;

function mjmlOf(frame: EmailFrame, sections: readonly string[]): string {
  const paragraphs = (texts: string[]) => texts.map((text) => `<p>${escapeMarkup(text)}</p>`).join('');
  return `<mjml lang="en-GB" dir="ltr">
  <mj-head>
    <mj-title>${escapeMarkup(frame.subject)}</mj-title>
    <mj-preview>${escapeMarkup(frame.preheader)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Arial, Helvetica, sans-serif" />
      <mj-text color="${TEXT}" font-size="16px" line-height="1.5" padding="0 16px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#ffffff" width="600px">
    <mj-section padding="24px 0">
      <mj-column>
        <mj-text><h1 style="${STYLE.h1}">${escapeMarkup(frame.heading)}</h1>${paragraphs(frame.intro)}</mj-text>
        ${sections.join('\n        ')}
        <mj-divider border-color="${RULE}" border-width="1px" padding="24px 16px" />
        <mj-text color="${SECONDARY}" font-size="14px">${paragraphs(frame.footer)}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/**
 * The email: subject, HTML from MJML and the plain-text twin.
 *
 * @throws with MJML's validation errors when the markup is invalid, so a broken template fails the
 * send instead of reaching someone's inbox half-rendered.
 */
export async function renderFramed(frame: EmailFrame, sections: EmailSections): Promise<OutgoingEmail> {
  const { html } = await mjml2html(mjmlOf(frame, sections.mjml), { validationLevel: 'strict' });
  const text = `${[textHeading(frame.heading, '='), ...frame.intro, ...sections.text, '---', ...frame.footer].join('\n\n')}\n`;
  return { to: frame.to, subject: frame.subject, text, html };
}
