/**
 * The board's one stylesheet, served at `/static/board.css` (the content security policy allows styles
 * from the board's own origin only, so none are inline). Large text for a meeting-room screen, a focus
 * ring that is always visible, colours with enough contrast (and never colour alone: each status is
 * written too), and a print layout without the navigation and forms.
 */
export const BOARD_CSS = `
:root { --ink: #0b0c0c; --muted: #484949; --line: #b1b4b6; --focus: #ffdd00; --link: #1d4f91;
  --overdue: #a4161a; --due: #7a4b00; --upcoming: #1d5e2a; --band: #f3f2f1; }
* { box-sizing: border-box; }
html { font-size: 125%; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; line-height: 1.45; color: var(--ink); background: #fff; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, main:focus-visible {
  outline: 4px solid var(--ink); outline-offset: 0; box-shadow: 0 0 0 8px var(--focus); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: var(--focus); color: var(--ink); }
.skip:focus { left: 0.5rem; z-index: 10; }
header.board { background: var(--ink); color: #fff; padding: 0.5rem 1.5rem; display: flex; flex-wrap: wrap;
  gap: 0.5rem 2rem; align-items: center; justify-content: space-between; }
header.board a { color: #fff; }
header.board .brand { font-weight: bold; font-size: 1.1rem; margin: 0; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
.who { margin: 0; font-size: 0.9rem; display: flex; gap: 1rem; align-items: center; }
.who form { margin: 0; }
.who button { font-size: 0.85rem; }
main { padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 2rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
.lead { font-size: 1.1rem; color: var(--muted); }
.status-message { border-left: 8px solid var(--upcoming); background: var(--band); padding: 0.75rem 1rem; }
.status-message.problem { border-left-color: var(--overdue); }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; }
caption { text-align: left; font-weight: bold; font-size: 1.1rem; padding: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem; border-bottom: 1px solid var(--line); }
thead tr:last-child th, thead th[rowspan] { border-bottom: 3px solid var(--ink); }
h2 .explain, th .explain { font-weight: normal; }
tbody th { font-weight: bold; }
.nowrap, tbody th a { white-space: nowrap; }
ul.plain { list-style: none; margin: 0; padding: 0; }
ul.plain > li + li { margin-top: 0.5rem; }
.tag { display: inline-block; font-weight: bold; padding: 0 0.4rem; border: 2px solid currentColor; border-radius: 0.2rem; }
.tag.overdue, .tag.missed { color: var(--overdue); }
.tag.due { color: var(--due); }
.tag.upcoming, .tag.open { color: var(--upcoming); }
.tag.stalled { color: var(--overdue); }
.tag.done, .tag.withdrawn, .tag.met, .tag.cancelled { color: var(--muted); }
.explain { color: var(--muted); font-size: 0.9rem; display: block; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1.5rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
form.inline { display: inline; }
fieldset { border: 2px solid var(--line); padding: 0.75rem 1rem 1rem; margin: 0.5rem 0 1rem; }
legend { font-weight: bold; padding: 0 0.25rem; }
label { display: block; font-weight: bold; margin: 0.75rem 0 0.25rem; }
.hint { display: block; font-weight: normal; color: var(--muted); font-size: 0.9rem; }
input, select, textarea, button { font: inherit; font-size: 1rem; }
input[type="text"], input[type="date"], select, textarea { border: 2px solid var(--ink); padding: 0.35rem; max-width: 100%; }
textarea { width: 40rem; min-height: 4rem; }
button { border: 2px solid var(--ink); background: var(--band); padding: 0.35rem 0.9rem; cursor: pointer; margin-top: 0.75rem; }
button.primary { background: var(--upcoming); color: #fff; border-color: var(--upcoming); }
details { margin: 0.5rem 0; }
summary { cursor: pointer; font-weight: bold; }
.history { font-size: 0.9rem; }
.chart-and-table { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
svg.chart { max-width: 100%; height: auto; }
table.figures { font-size: 0.85rem; width: auto; }
table.figures th, table.figures td { padding: 0.3rem 0.45rem; }
table.figures tbody th a { white-space: normal; }
.legend li { display: inline-block; margin-right: 1.5rem; }
section { break-inside: avoid; }
footer { padding: 1rem 1.5rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); }
@media print {
  html { font-size: 11pt; }
  header.board nav, .who form, .skip, form, details.actions-forms, .no-print { display: none !important; }
  header.board { background: none; color: var(--ink); padding: 0; }
  header.board a { color: var(--ink); text-decoration: none; }
  a { color: var(--ink); text-decoration: none; }
  main { padding: 0; max-width: none; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  .tag { border-width: 1px; }
}
`;
