/**
 * How every synthetic extract writes its cells and files: an event's day, a day as UK exports write it,
 * and a table as CSV with CRLF line endings (as SQL Server and the DfE's tools write them). The reading
 * side is `functions/core/imports/cells.ts` and `csv-tables.ts`.
 */
import type { CaseEvent } from '../../events/index.ts';
import { csvField } from '../../functions/core/directory/csv.ts';

/** The day an event happened, `YYYY-MM-DD`. */
export const dayOf = (event: Pick<CaseEvent, 'occurredAt'>) => event.occurredAt.slice(0, 10);

/** `2026-03-04` (or a moment on that day) → `04/03/2026`, as UK CSV exports write dates; `''` stays empty. */
export const ukDate = (iso: string) =>
  iso === '' ? '' : `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Lines of cells as CSV: each cell quoted where it must be (RFC 4180), each line ending CRLF. */
export function csvText(lines: readonly (readonly string[])[]): string {
  return lines.map((line) => `${line.map(csvField).join(',')}\r\n`).join('');
}
