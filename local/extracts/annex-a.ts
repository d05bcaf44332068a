/**
 * A synthetic council's Ofsted Annex A lists, as a council's case system would make them on a day
 * (`asOf`) for an inspection: one row per child (per episode) with the latest dates, from the
 * council's own events, as a workbook (`.xlsx`, one sheet per list, dates as Excel dates) and as a
 * folder of CSV files (one per list, dates `dd/mm/yyyy`). So tests can go round: council → Annex A →
 * import → the same current deadlines as the council's own events, for the rules Annex A can seed.
 *
 * The lists cover what Ofsted asks for: contacts, referrals, assessments and enquiries of the last six
 * months; children in need, child protection plans and children in care open at any time in them; care
 * leavers now; children placed for adoption. Codes are the SSDA903's, as a council writes them
 * (`dfe-codes.ts`). What the council's events do not say (gender, ethnicity, the decision that a child
 * should be adopted) is made up or left empty; the allocated worker is their synthetic name, which the
 * import never reads. Deterministic: the same council and day give the same lists.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { CaseEvent, EventOf } from '../../events/index.ts';
import { addMonths, formatIsoDate, parseIsoDate } from '../../functions/core/calendar/index.ts';
import { COLUMNS, type ColumnKey, holdsDate } from '../../functions/core/imports/annex-a/lists.ts';
import type { SourceFile } from '../../functions/core/imports/format.ts';
import { syntheticDirectory } from '../synthetic/directory.ts';
import type { SyntheticCouncil } from '../synthetic-council.ts';
import { csvText, dayOf, ukDate } from './cells.ts';
import { CARE_END_CODES, LEGAL_STATUS_CODES, placementCode } from './dfe-codes.ts';

/** One list as made: where it goes (its sheet and its CSV file), its header and its rows of cell text. */
export interface AnnexAList {
  number: number;
  sheet: string;
  file: string;
  header: readonly string[];
  /** Cells by column: dates `YYYY-MM-DD` (written as Excel dates or `dd/mm/yyyy`), the rest as text. */
  rows: readonly (readonly string[])[];
}

/** The columns Ofsted's template has that the import does not read, as councils' exports fill them. */
const GENDER = 'Gender';
const WORKER = 'Allocated Worker';
const name = (key: ColumnKey) => COLUMNS[key].name;

/** Each list's columns, in the template's order (a subset: the ones a synthetic council can fill). */
const HEADERS: Readonly<Record<number, readonly string[]>> = {
  1: [name('child'), GENDER, name('born'), name('contact')],
  2: [
    name('child'),
    GENDER,
    name('born'),
    name('earlyHelpStart'),
    'Assessment completion date',
    name('earlyHelpBy'),
  ],
  3: [name('child'), GENDER, name('born'), name('referral'), WORKER],
  4: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('assessmentStart'),
    name('assessmentAuthorised'),
    WORKER,
  ],
  5: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('s47Start'),
    name('icpc'),
    name('icpcPlan'),
    WORKER,
  ],
  6: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('cinStart'),
    name('lastSeen'),
    name('cinClosed'),
    name('caseStatus'),
    WORKER,
  ],
  7: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('cpStart'),
    name('cpVisit'),
    name('seenAlone'),
    name('cpReview'),
    name('cpEnd'),
    WORKER,
  ],
  8: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('careStart'),
    name('legalStatusStart'),
    name('legalStatus'),
    name('cicReview'),
    name('cicVisit'),
    name('health'),
    name('careEnd'),
    name('careEndReason'),
    name('placementStart'),
    name('placementType'),
    WORKER,
  ],
  9: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('pathwayPlan'),
    name('leaverContact'),
    WORKER,
  ],
  10: [
    name('child'),
    GENDER,
    name('born'),
    name('disability'),
    name('adoptionDecision'),
    name('placedForAdoption'),
    name('adoptionOrder'),
  ],
  11: [name('adopter'), GENDER, 'Date enquiry received'],
};

const SHEETS: Readonly<Record<number, string>> = {
  1: 'List 1 - Contacts',
  2: 'List 2 - Early Help',
  3: 'List 3 - Referrals',
  4: 'List 4 - Assessments',
  5: 'List 5 - S47 and ICPC',
  6: 'List 6 - CIN',
  7: 'List 7 - CP',
  8: 'List 8 - CLA',
  9: 'List 9 - Care leavers',
  10: 'List 10 - Adoption',
  11: 'List 11 - Adopters',
};

/** Which of a header's columns hold dates: every column the import reads as one, and the template's. */
const DATE_COLUMNS = new Set<string>([
  ...(Object.keys(COLUMNS) as ColumnKey[]).filter(holdsDate).map(name),
  'Assessment completion date',
  'Date enquiry received',
]);

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** A case's events, with what the lists ask of them. */
class CaseFacts {
  constructor(
    readonly caseId: string,
    readonly events: readonly CaseEvent[],
    readonly asOf: string,
  ) {}

  /** The days of events of `type` passing `test`, up to the list's day, in order. */
  days<T extends CaseEvent['type']>(type: T, test: (event: EventOf<T>) => boolean = () => true): string[] {
    return this.events
      .filter(
        (event): event is EventOf<T> =>
          event.type === type && dayOf(event) <= this.asOf && test(event as EventOf<T>),
      )
      .map(dayOf)
      .sort();
  }

  /** The last event of `type` passing `test` from `from` to `to` (both included), or undefined. */
  last<T extends CaseEvent['type']>(
    type: T,
    from: string,
    to: string,
    test: (event: EventOf<T>) => boolean = () => true,
  ) {
    return this.events
      .filter(
        (event): event is EventOf<T> =>
          event.type === type &&
          dayOf(event) >= from &&
          dayOf(event) <= to &&
          dayOf(event) <= this.asOf &&
          test(event as EventOf<T>),
      )
      .sort((a, b) => (dayOf(a) < dayOf(b) ? -1 : dayOf(a) > dayOf(b) ? 1 : 0))
      .at(-1);
  }

  get born(): string {
    const event = this.events.findLast(
      (e): e is EventOf<'child.updated'> => e.type === 'child.updated' && e.data.dateOfBirth !== undefined,
    );
    return event?.data.dateOfBirth ?? '';
  }

  get disabled(): boolean {
    const event = this.events.findLast(
      (e): e is EventOf<'child.updated'> =>
        e.type === 'child.updated' && e.data.disabled !== undefined && dayOf(e) <= this.asOf,
    );
    return event?.data.disabled ?? false;
  }

  /** Periods from each start to the first end on or after it, the start being the first while none is open. */
  periods(starts: readonly string[], ends: readonly string[]): { start: string; end: string | null }[] {
    const periods: { start: string; end: string | null }[] = [];
    let open: string | null = null;
    const marks = [...starts.map((day) => [day, 1] as const), ...ends.map((day) => [day, 0] as const)].sort(
      (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[1] - a[1]),
    );
    for (const [day, isStart] of marks) {
      if (isStart && open === null) open = day;
      else if (!isStart && open !== null) {
        periods.push({ start: open, end: day });
        open = null;
      }
    }
    if (open !== null) periods.push({ start: open, end: null });
    return periods;
  }
}

/** The lists of `council` as made on `asOf` (`YYYY-MM-DD`): events after it are left out. */
export function annexALists(council: SyntheticCouncil, asOf: string): AnnexAList[] {
  const windowStart = formatIsoDate(addMonths(parseIsoDate(asOf), -6));
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of council.events) {
    const list = byCase.get(event.caseId);
    if (list) list.push(event);
    else byCase.set(event.caseId, [event]);
  }
  // Workers by their synthetic names, as Annex A names them (the import never reads them).
  const workerNames = new Map(syntheticDirectory(council, 0).staff.map((member) => [member.id, member.name]));
  const rows: Record<number, string[][]> = Object.fromEntries(Object.keys(HEADERS).map((n) => [n, []]));
  const add = (list: number, cells: Record<string, string>) => {
    rows[list]?.push((HEADERS[list] as readonly string[]).map((column) => cells[column] ?? ''));
  };
  council.caseIds.forEach((caseId, index) => {
    const events = byCase.get(caseId) ?? [];
    const allocated = events.findLast(
      (e): e is EventOf<'case.allocated'> => e.type === 'case.allocated' && dayOf(e) <= asOf,
    );
    const worker = allocated === undefined ? '' : (workerNames.get(allocated.data.workerId) ?? '');
    const c = new CaseFacts(caseId, events, asOf);
    const child = {
      [name('child')]: caseId,
      [GENDER]: index % 2 === 0 ? 'Female' : 'Male',
      [name('born')]: c.born,
      [name('disability')]: yesNo(c.disabled),
      [WORKER]: worker,
    };
    contactsAndReferrals(c, windowStart, child, add);
    assessmentsAndEnquiries(c, windowStart, child, add);
    childInNeed(c, windowStart, child, add);
    childProtection(c, windowStart, child, add);
    care(c, windowStart, child, add);
  });
  return Object.keys(HEADERS).map((key) => {
    const number = Number(key);
    const sheet = SHEETS[number] as string;
    return {
      number,
      sheet,
      file: `${sheet.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.csv`,
      header: HEADERS[number] as readonly string[],
      rows: rows[number] as string[][],
    };
  });
}

type Add = (list: number, cells: Record<string, string>) => void;
type Child = Record<string, string>;

function contactsAndReferrals(c: CaseFacts, from: string, child: Child, add: Add) {
  for (const day of c.days('referral.received').filter((d) => d >= from)) {
    add(1, { ...child, [name('contact')]: day });
    add(3, { ...child, [name('referral')]: day });
  }
  const earlyHelp = (e: EventOf<'assessment.started'> | EventOf<'assessment.completed'>) =>
    e.data.assessmentType === 'early-help';
  const ends = c.days('assessment.completed', earlyHelp);
  for (const period of c.periods(c.days('assessment.started', earlyHelp), ends)) {
    if (period.end !== null && period.end < from) continue;
    add(2, {
      ...child,
      [name('earlyHelpStart')]: period.start,
      'Assessment completion date': period.end ?? '',
      [name('earlyHelpBy')]: 'Early Help service',
    });
  }
}

function assessmentsAndEnquiries(c: CaseFacts, from: string, child: Child, add: Add) {
  const statutory = (e: EventOf<'assessment.started'> | EventOf<'assessment.authorised'>) =>
    e.data.assessmentType === undefined || e.data.assessmentType === 'child-and-family';
  for (const period of c.periods(
    c.days('assessment.started', statutory),
    c.days('assessment.authorised', statutory),
  )) {
    if (period.end !== null && period.end < from) continue;
    add(4, {
      ...child,
      [name('assessmentStart')]: period.start,
      [name('assessmentAuthorised')]: period.end ?? '',
    });
  }
  const strategies = c.days('strategy_discussion.held', (e) => e.data.s47Initiated);
  strategies.forEach((start, at) => {
    if (start < from) return;
    const next = strategies[at + 1] ?? '9999-12-31';
    const conference = c.last('conference.held', start, next, (e) => e.data.conferenceType === 'initial');
    add(5, {
      ...child,
      [name('s47Start')]: start,
      [name('icpc')]: conference === undefined || dayOf(conference) >= next ? '' : dayOf(conference),
      [name('icpcPlan')]: conference === undefined ? '' : yesNo(conference.data.outcome === 'plan'),
    });
  });
}

/** Where a child is on the list's day, as list 6's case status says. */
function caseStatus(c: CaseFacts): string {
  const open = (starts: string[], ends: string[]) =>
    c.periods(starts, ends).some((period) => period.end === null);
  if (open(c.days('care_period.started'), c.days('care_period.ended'))) return 'a) Looked after child';
  if (open(c.days('cp_plan.started'), c.days('cp_plan.ended'))) return 'b) Child Protection plan';
  if (open(c.days('cin_plan.started'), c.days('cin_plan.ended'))) return 'c) Child in need plan';
  return 'd) Open assessment';
}

function childInNeed(c: CaseFacts, from: string, child: Child, add: Add) {
  for (const episode of c.periods(c.days('referral.received'), c.days('case.closed'))) {
    if (episode.end !== null && episode.end < from) continue;
    const to = episode.end ?? c.asOf;
    const seen = c.last('visit.completed', episode.start, to, (e) => e.data.childSeen);
    add(6, {
      ...child,
      [name('cinStart')]: episode.start,
      [name('lastSeen')]: seen === undefined ? '' : dayOf(seen),
      [name('cinClosed')]: episode.end ?? '',
      [name('caseStatus')]: episode.end === null ? caseStatus(c) : 'e) Closed episode',
    });
  }
}

function childProtection(c: CaseFacts, from: string, child: Child, add: Add) {
  for (const plan of c.periods(c.days('cp_plan.started'), c.days('cp_plan.ended'))) {
    if (plan.end !== null && plan.end < from) continue;
    const to = plan.end ?? c.asOf;
    const visit = c.last(
      'visit.completed',
      plan.start,
      to,
      (e) => e.data.visitType === 'cp' && e.data.childSeen,
    );
    const review = c.last('conference.held', plan.start, to, (e) => e.data.conferenceType === 'review');
    add(7, {
      ...child,
      [name('cpStart')]: plan.start,
      [name('cpVisit')]: visit === undefined ? '' : dayOf(visit),
      [name('seenAlone')]: visit?.data.seenAlone === undefined ? '' : yesNo(visit.data.seenAlone),
      [name('cpReview')]: review === undefined ? '' : dayOf(review),
      [name('cpEnd')]: plan.end ?? '',
    });
  }
}

function care(c: CaseFacts, from: string, child: Child, add: Add) {
  for (const period of c.periods(c.days('care_period.started'), c.days('care_period.ended'))) {
    if (period.end !== null && period.end < from) continue;
    const to = period.end ?? c.asOf;
    const status = c.last('care_period.started', period.start, to);
    const placement = c.last('placement.started', period.start, to);
    const review = c.last('cic_review.held', period.start, to);
    const visit = c.last(
      'visit.completed',
      period.start,
      to,
      (e) => e.data.visitType === 'cic' && e.data.childSeen,
    );
    const health = c.last(
      'health_assessment.completed',
      period.start,
      to,
      (e) => e.data.kind !== 'strengths-and-difficulties',
    );
    const ended = period.end === null ? undefined : c.last('care_period.ended', period.end, period.end);
    add(8, {
      ...child,
      [name('careStart')]: period.start,
      [name('legalStatusStart')]: status === undefined ? '' : dayOf(status),
      [name('legalStatus')]: status === undefined ? '' : LEGAL_STATUS_CODES[status.data.legalStatus],
      [name('cicReview')]: review === undefined ? '' : dayOf(review),
      [name('cicVisit')]: visit === undefined ? '' : dayOf(visit),
      [name('health')]: health === undefined ? '' : dayOf(health),
      [name('careEnd')]: period.end ?? '',
      [name('careEndReason')]: ended?.data.reason === undefined ? '' : CARE_END_CODES[ended.data.reason],
      [name('placementStart')]: placement === undefined ? '' : dayOf(placement),
      [name('placementType')]:
        placement === undefined
          ? ''
          : placementCode(placement.data.placementType, placement.data.longTermMatched),
    });
    const adopted = c.last(
      'placement.started',
      period.start,
      to,
      (e) => e.data.placementType === 'placed-for-adoption',
    );
    if (adopted !== undefined) {
      add(10, {
        ...child,
        // The synthetic council records no agency decision: the period of care stands in for it.
        [name('adoptionDecision')]: period.start,
        [name('placedForAdoption')]: dayOf(adopted),
        [name('adoptionOrder')]: ended?.data.reason === 'adopted' ? (period.end ?? '') : '',
      });
    }
  }
  const left = c.periods(c.days('care_period.started'), c.days('care_period.ended')).at(-1);
  const leaving = c.days('visit.completed', (e) => e.data.visitType === 'care-leaver');
  if ((left === undefined || left.end !== null) && leaving.length > 0) {
    add(9, {
      ...child,
      [name('pathwayPlan')]: c.days('record.updated', (e) => e.data.record === 'pathway-plan').at(-1) ?? '',
      [name('leaverContact')]:
        c.days('visit.completed', (e) => e.data.visitType === 'care-leaver' && e.data.childSeen).at(-1) ?? '',
    });
  }
}

/** The lists as a folder of CSV files: dates `dd/mm/yyyy`, CRLF line endings. */
export function annexACsvFiles(lists: readonly AnnexAList[]): SourceFile[] {
  return lists.map((list) => {
    const dates = list.header.map((column) => DATE_COLUMNS.has(column));
    const rows = list.rows.map((row) => row.map((cell, at) => (dates[at] ? ukDate(cell) : cell)));
    return { name: list.file, text: csvText([list.header, ...rows]) };
  });
}

/** The lists as a workbook, one sheet per list, dates as Excel dates shown `dd/mm/yyyy`. */
export async function annexAWorkbook(lists: readonly AnnexAList[], asOf: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const made = new Date(`${asOf}T00:00:00Z`);
  workbook.created = made;
  workbook.modified = made;
  for (const list of lists) {
    const sheet = workbook.addWorksheet(list.sheet);
    sheet.addRow([...list.header]);
    const dates = list.header.map((column) => DATE_COLUMNS.has(column));
    for (const row of list.rows) {
      sheet.addRow(row.map((cell, at) => (dates[at] && cell !== '' ? new Date(`${cell}T00:00:00Z`) : cell)));
    }
    list.header.forEach((_, at) => {
      if (dates[at]) sheet.getColumn(at + 1).numFmt = 'dd/mm/yyyy';
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Writes the lists of `council` on `asOf` into `dir`: the CSV files under `dir/csv/` and `dir/annex-a.xlsx`. */
export async function writeAnnexAExtract(council: SyntheticCouncil, asOf: string, dir: string) {
  const lists = annexALists(council, asOf);
  const csvDir = join(dir, 'csv');
  await mkdir(csvDir, { recursive: true });
  for (const file of annexACsvFiles(lists)) await writeFile(join(csvDir, file.name), file.text, 'utf8');
  const workbook = join(dir, 'annex-a.xlsx');
  await writeFile(workbook, await annexAWorkbook(lists, asOf));
  return { csvDir, workbook };
}
