/**
 * Reading one cell as what a mapping needs (a date, a flag, an id, a code from a list), each failure a
 * problem on the file, row and column that never repeats the cell. A reader returns the value, `null`
 * for an empty cell, or {@link BAD} once it has recorded why the cell cannot be used.
 */
import {
  type DfeCodeList,
  type DfeCodeReading,
  type DfeMeaning,
  dfeCodeList,
  dfeCodeReading,
} from '../../../events/dfe-codes.ts';
import { caseIdSchema, staffIdSchema } from '../../../events/identifiers.ts';
import { isIsoDate } from '../calendar/index.ts';
import type { ImportProblem } from './format.ts';

/** A cell that could not be used: its problem is recorded. */
export const BAD = Symbol('bad cell');
export type Bad = typeof BAD;

/** `2026-03-04`, or that day with a time after it (`2026-03-04 00:00:00.000`, `2026-03-04T09:30:00`), as SQL exports write it. */
const ISO_DAY = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** `04/03/2026` (day first, as the DfE's CSV returns and UK exports write it), optionally with a time. */
const UK_DAY = /^(\d{2})\/(\d{2})\/(\d{4})(?: \d{2}:\d{2}(?::\d{2})?)?$/;
const EARLIEST = '1900-01-01';
const LATEST = '2100-12-31';

const FLAGS: Readonly<Record<string, boolean>> = {
  y: true,
  yes: true,
  '1': true,
  true: true,
  n: false,
  no: false,
  '0': false,
  false: false,
};

/** A cell's text as a day, `YYYY-MM-DD` (from either way of writing one), or null when it is not one. */
export function dayOf(text: string): string | null {
  const iso = ISO_DAY.exec(text);
  const uk = iso ? null : UK_DAY.exec(text);
  return iso ? (iso[1] as string) : uk ? `${uk[3]}-${uk[2]}-${uk[1]}` : null;
}

/** Whether `day` (`YYYY-MM-DD`) is a real day from 1900 to 2100, the years a date of an import can be in. */
export const isImportableDay = (day: string) => isIsoDate(day) && day >= EARLIEST && day <= LATEST;

/** The cells of one row, read with its file, row and the import's day; problems go to `problems`. */
export class Cells {
  constructor(
    private readonly file: string,
    readonly row: number,
    private readonly cellOf: (column: string) => string,
    private readonly today: string,
    private readonly problems: ImportProblem[],
  ) {}

  /** Records a problem on a column of this row; {@link BAD}. */
  problem(column: string | undefined, message: string): Bad {
    this.problems.push({
      file: this.file,
      row: this.row,
      ...(column === undefined ? {} : { column }),
      message,
    });
    return BAD;
  }

  /**
   * Records a problem on a column of this row that refuses nothing: the row is imported as read (a
   * code read with its stricter meaning), and the problem lists it for the council to check.
   */
  note(column: string, message: string): void {
    this.problems.push({ file: this.file, row: this.row, column, message, imported: true });
  }

  /** The cell's text, trimmed (`''` when empty or the column is absent). */
  text(column: string): string {
    return this.cellOf(column);
  }

  /**
   * A calendar day, `YYYY-MM-DD` (or `dd/mm/yyyy`; a time after it is dropped): a real day from 1900
   * to 2100, not after the import's day.
   */
  date(column: string): string | null | Bad {
    const day = this.expectedDate(column);
    if (typeof day === 'string' && day > this.today) {
      return this.problem(column, `is after the day of the import (${this.today}): check the year`);
    }
    return day;
  }

  /**
   * A day looked forward to (an unborn baby's expected date of birth): as {@link date}, but it may
   * be after the import's day.
   */
  expectedDate(column: string): string | null | Bad {
    const text = this.cellOf(column);
    if (text === '') return null;
    const day = dayOf(text);
    if (day === null) return this.problem(column, 'is not a date: write it YYYY-MM-DD (or dd/mm/yyyy)');
    if (!isIsoDate(day)) return this.problem(column, 'is not a real date');
    if (day < EARLIEST || day > LATEST) return this.problem(column, 'is not a date from 1900 to 2100');
    return day;
  }

  /**
   * A day that cannot come before `start` (an episode's end, or a later event of it): as
   * {@link date}, and refused when it is before `start`, read from `startColumn`.
   */
  dateFrom(column: string, start: string | null | Bad, startColumn: string): string | null | Bad {
    const day = this.date(column);
    if (typeof day === 'string' && typeof start === 'string' && day < start) {
      return this.problem(column, `is before ${startColumn}`);
    }
    return day;
  }

  /** A yes or no: `Y`/`N`, `1`/`0`, `yes`/`no`, `true`/`false`, in any case. */
  flag(column: string): boolean | null | Bad {
    const text = this.cellOf(column);
    if (text === '') return null;
    const value = FLAGS[text.toLowerCase()];
    return value ?? this.problem(column, 'must be Y or N (or 1 or 0)');
  }

  /** A child's id as a case reference: letters, digits and `. _ : -`, at most 64. */
  caseId(column: string): string | null | Bad {
    const text = this.cellOf(column);
    if (text === '') return null;
    return caseIdSchema.safeParse(text).success
      ? text
      : this.problem(column, 'is not usable as a case reference: at most 64 letters, digits and . _ : -');
  }

  /** A member of staff's or a team's id: letters, digits and `. _ -`, at most 64. */
  staffId(column: string): string | null | Bad {
    const text = this.cellOf(column);
    if (text === '') return null;
    return staffIdSchema.safeParse(text).success
      ? text
      : this.problem(column, 'is not usable as a staff or team id: at most 64 letters, digits and . _ -');
  }

  /**
   * A code from a list: `lookup` gives its meaning, `null` for a code that means "no event", or
   * undefined for a code not on the list (`list` names it in the problem).
   */
  code<T>(column: string, lookup: (code: string) => T | null | undefined, list: string): T | null | Bad {
    const text = this.cellOf(column);
    if (text === '') return null;
    const value = lookup(text.toUpperCase());
    return value === undefined ? this.problem(column, `is not a code of ${list}`) : value;
  }

  /**
   * A code of a DfE list, through the table of DfE codes (`dfe-codes.ts`): its reading, ambiguity and
   * all, null when empty, {@link BAD} when not on the list (named by its title). `codeIn` takes the code
   * out of the upper-cased cell, where a format writes more around it.
   */
  dfeCode<List extends DfeCodeList>(
    column: string,
    list: List,
    codeIn: (text: string) => string = (text) => text,
  ): DfeCodeReading<DfeMeaning<List>> | null | Bad {
    return this.code(column, (text) => dfeCodeReading(list, codeIn(text)), dfeCodeList(list).title);
  }
}

/** Whether every value was read (none is {@link BAD}). */
export const allGood = (...values: unknown[]) => values.every((value) => value !== BAD);
