/**
 * The page every board view sits in: a skip link, the board's header with its navigation and who is
 * signed in, one `main` landmark, a footer. Values are escaped by `html`; nothing is inline script or
 * style (the content security policy allows neither).
 */
import { html } from 'hono/html';
import type { StaffMember } from '../../core/directory/model.ts';
import { CSRF_FIELD } from '../csrf-token.ts';

/** What a view returns: escaped HTML. */
export type Markup = ReturnType<typeof html>;

/** The navigation's pages. */
const NAV = [
  ['/', 'Home'],
  ['/trackers/legal', 'Legal tracker'],
  ['/trackers/permanency', 'Permanency tracker'],
  ['/agenda', 'Meeting agenda'],
  ['/timeliness', 'Timeliness'],
] as const;

/** What the page needs to know of its reader. */
export interface PageReader {
  staff: StaffMember;
  teamName: string | null;
  csrf: string;
}

/** A status message after a form, or a problem. */
export interface Flash {
  text: string;
  problem: boolean;
}

/**
 * A case page's path: the reference encoded as a path segment (the contract's references hold `:`,
 * which a browser could otherwise read as a scheme), so the URL names the case and nothing else.
 */
export const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

/** The hidden CSRF field every form carries. */
export const csrfField = (token: string) => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

/**
 * The form that narrows a page to one unit of the reader's line and those below it (none when the line
 * has one unit): a GET, so the page's address says what it shows. `extra` adds fields of its own.
 */
export function unitChoice(
  action: string,
  choices: readonly string[],
  chosen: string | null,
  names: ReadonlyMap<string, string>,
  extra: Markup | '' = '',
): Markup | '' {
  if (choices.length <= 1 && extra === '') return '';
  return html`<form method="get" action="${action}" class="no-print">
${
  choices.length > 1
    ? html`<label for="unit">Show one unit and those below it</label>
<select id="unit" name="unit">
<option value="">All of your line</option>
${choices.map((id) => html`<option value="${id}"${id === chosen ? html` selected` : ''}>${names.get(id) ?? id}</option>`)}
</select>`
    : ''
}
${extra}
<button type="submit">Show</button>
</form>`;
}

/** A whole page. `current` is the navigation entry it is (none for a case page). */
export function page(options: {
  title: string;
  reader: PageReader | null;
  current?: string;
  flash?: Flash | null;
  body: Markup;
}): Markup {
  const { title, reader, current, flash, body } = options;
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Line of Sight board</title>
<link rel="stylesheet" href="/static/board.css">
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="board">
<p class="brand"><a href="/">Line of Sight board</a></p>
${
  reader
    ? html`<nav aria-label="Board pages"><ul>${NAV.map(
        ([href, label]) =>
          html`<li><a href="${href}"${current === href ? html` aria-current="page"` : ''}>${label}</a></li>`,
      )}</ul></nav>
<div class="who"><p>Signed in as <strong>${reader.staff.name}</strong> (${reader.staff.level}${
        reader.teamName ? html`, ${reader.teamName}` : ''
      })</p>
<form method="post" action="/auth/logout">${csrfField(reader.csrf)}<button type="submit">Sign out</button></form></div>`
    : ''
}
</header>
<main id="main" tabindex="-1">
${flash ? html`<p class="status-message${flash.problem ? ' problem' : ''}" role="${flash.problem ? 'alert' : 'status'}">${flash.text}</p>` : ''}
${body}
</main>
<footer><p>Line of Sight: case references only, never a child’s name. Every case you open is recorded (who, which case, when).</p></footer>
</body>
</html>`;
}

/** A page that says why something cannot be shown: 403, 404, 400. */
export function problemPage(title: string, text: string, reader: PageReader | null): Markup {
  return page({
    title,
    reader,
    body: html`<h1>${title}</h1><p>${text}</p><p><a href="/">Go to your home page</a></p>`,
  });
}
