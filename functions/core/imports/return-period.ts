/**
 * The period a yearly return covers. The DfE's children's returns (the CIN census, the SSDA903) each
 * hold what was open in one collection year, 1 April to 31 March, and nothing of the years before
 * that had ended by then: what a return does not list is deleted only if it is dated within its year
 * (reconcile.ts). Pure.
 */
import { addDays, addYears, formatIsoDate, parseIsoDate } from '../calendar/index.ts';
import { momentOf } from '../engine/index.ts';
import type { ImportPeriod } from './format.ts';

/** The year ending on `to` (`YYYY-MM-DD`): from the day after the same date a year before. */
export function yearEndingOn(to: string): ImportPeriod {
  return { from: formatIsoDate(addDays(addYears(parseIsoDate(to), -1), 1)), to };
}

/** The collection year, 1 April to 31 March, that holds `day` (`YYYY-MM-DD`). */
export function collectionYearOf(day: string): ImportPeriod {
  const year = Number(day.slice(0, 4));
  const end = day.slice(5) <= '03-31' ? year : year + 1;
  return { from: `${end - 1}-04-01`, to: `${end}-03-31` };
}

/** Whether an event's `occurredAt` (a date, or an instant read on its London day) is within `period`. */
export function isWithin(period: ImportPeriod, occurredAt: string): boolean {
  const { day } = momentOf(occurredAt);
  return day >= parseIsoDate(period.from) && day <= parseIsoDate(period.to);
}
