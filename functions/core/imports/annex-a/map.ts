/**
 * Ofsted's Annex A lists as events of the contract: one row per child (per episode) with the dates of
 * the latest visit, review, health assessment or contact, enough to start today's deadlines without
 * the history before them. The mapping table, what Annex A cannot tell, and which rules it seeds are
 * in docs/imports.md and seeds.ts; the DfE codes of list 8 are read through `dfe-codes.ts`. The child's
 * unique id is the case reference. Names, workers and addresses are never read. Pure.
 *
 * Source keys are `list-<n>:<child>#<part>`. A row is a snapshot of the latest, so what it says
 * happened stays true when a later extract says something newer: every dated event is a "latest" value
 * (never withdrawn by its absence, whether a newer date replaced it or the row left the list's window),
 * keyed by its own date where the list holds only the latest (a new visit date is a new visit) and by
 * its episode's start where it belongs to one episode (a plan's end: another date for the same plan is
 * a correction). Only what a row says of the child now, with no date of its own (a child in need plan
 * from the case status, the child's disability and date of birth), stands while the list says so and
 * is withdrawn when it no longer does.
 */
import type { DfeCodeList } from '../../../../events/dfe-codes.ts';
import { BAD, type Bad, Cells } from '../cells.ts';
import {
  type EventDraft,
  eventDraft,
  type ImportProblem,
  isRefusal,
  type MappedEvent,
  type MappedExtract,
  type SourceFile,
} from '../format.ts';
import { placementReading } from '../placement-reading.ts';
import { stricterReadingNote } from '../stricter-reading.ts';
import { COLUMNS, type ColumnKey, sectionOf } from './lists.ts';
import { type ListSheet, readSheet } from './sheets.ts';

/** A column's name, as cells and problems know it. */
const name = (key: ColumnKey) => COLUMNS[key].name;
const KEY_OF: ReadonlyMap<string, ColumnKey> = new Map(
  (Object.keys(COLUMNS) as ColumnKey[]).map((key) => [COLUMNS[key].name, key]),
);

/** What one row gives: `emit` an event under a part of the row's key; `status` for a fact of now. */
type Emit = (part: string, event: EventDraft, how?: 'status') => void;

/** Strips the `a) ` that Ofsted's template puts before each answer, as councils' exports often keep it. */
const answerOf = (text: string) => text.replace(/^[A-Z]{1,2}\)\s*/, '').replace(/\s+/g, ' ');

const lookup =
  <T>(words: Readonly<Record<string, T>>) =>
  (text: string): T | undefined => {
    const word = answerOf(text);
    return Object.hasOwn(words, word) ? words[word] : undefined;
  };

/** Yes, No or Unknown, as Annex A's questions are answered. */
const YES_NO_UNKNOWN = lookup<boolean | null>({
  Y: true,
  YES: true,
  '1': true,
  TRUE: true,
  N: false,
  NO: false,
  '0': false,
  FALSE: false,
  UNKNOWN: null,
  'NOT KNOWN': null,
  'NOT RECORDED': null,
});
const ANSWERS = 'the answers Yes, No and Unknown';

/** List 6's case status: where the child is now. */
type CaseStatus = 'looked-after' | 'cp-plan' | 'cin-plan' | 'assessment' | 'closed';
const CASE_STATUSES = lookup<CaseStatus>({
  'LOOKED AFTER CHILD': 'looked-after',
  'LOOKED AFTER': 'looked-after',
  'CHILD LOOKED AFTER': 'looked-after',
  LAC: 'looked-after',
  CLA: 'looked-after',
  'CHILD PROTECTION PLAN': 'cp-plan',
  'CP PLAN': 'cp-plan',
  CP: 'cp-plan',
  CPP: 'cp-plan',
  'CHILD IN NEED PLAN': 'cin-plan',
  'CIN PLAN': 'cin-plan',
  CIN: 'cin-plan',
  'OPEN ASSESSMENT': 'assessment',
  ASSESSMENT: 'assessment',
  'CLOSED EPISODE': 'closed',
  CLOSED: 'closed',
});
const CASE_STATUS_LIST =
  'the case statuses of list 6 (looked after child, child protection plan, child in need plan, open assessment, closed episode)';

/** The SSDA903 code a cell starts with (`C2`, `C2: Full care order`, `c) U3 - Foster placement …`). */
const DFE_CODE = /^([A-Z]\d[A-Z0-9]?)(?=$|[\s:)\u2013-])/;
const codeIn = (text: string) => DFE_CODE.exec(answerOf(text))?.[1] ?? answerOf(text);

class AnnexAMapping {
  readonly events: MappedEvent[] = [];
  readonly problems: ImportProblem[] = [];
  readonly held: string[] = [];
  readonly sections = new Set<string>();
  /** Each child's date of birth, from the first row that gives it, and where that was. */
  private readonly births = new Map<string, { day: string; file: string; row: number }>();

  constructor(readonly today: string) {}

  /**
   * Each row of a list with its cells and its child's case reference; a row with a refusal is held,
   * so that what it said of the child now stands until it is read again.
   */
  rows(sheet: ListSheet, each: (cells: Cells, emit: Emit) => void) {
    const section = sectionOf(sheet.list);
    for (const row of sheet.rows) {
      const before = this.problems.length;
      const cells = new Cells(
        sheet.file,
        row.row,
        (column) => row.cell(KEY_OF.get(column) as ColumnKey),
        this.today,
        this.problems,
      );
      const caseId = cells.caseId(name('child'));
      if (typeof caseId === 'string') {
        const emit: Emit = (part, event, how) => {
          this.events.push({
            key: `${section}:${caseId}#${part}`,
            event: { ...event, caseId } as EventDraft,
            from: { file: sheet.file, row: row.row },
            ...(how === undefined && { latest: true as const }),
          });
        };
        this.child(cells, emit, caseId, sheet.file, row.row);
        each(cells, emit);
      }
      if (this.problems.slice(before).some(isRefusal)) this.held.push(`${section}:${row.child}`);
    }
  }

  /** The child's date of birth and disability, where the list has them. */
  private child(cells: Cells, emit: Emit, caseId: string, file: string, row: number) {
    const born = cells.date(name('born'));
    const disabled = cells.code(name('disability'), YES_NO_UNKNOWN, ANSWERS);
    if (typeof born === 'string') {
      const first = this.births.get(caseId);
      if (first !== undefined && first.day !== born) {
        cells.problem(
          name('born'),
          `differs from the one in ${first.file}, row ${first.row}; that one was used`,
        );
        return;
      }
      if (first === undefined) this.births.set(caseId, { day: born, file, row });
      emit('born', eventDraft('child.updated', born, { dateOfBirth: born }), 'status');
    }
    if (disabled !== true) return;
    const from = this.births.get(caseId)?.day;
    if (from === undefined) {
      cells.problem(
        name('disability'),
        'says the child is disabled, but no Date of Birth dates it from; it was not imported',
      );
      return;
    }
    // Annex A says only whether the child is disabled, not since when: known from birth, as in the SSD.
    emit('disabled', eventDraft('child.updated', from, { disabled: true }), 'status');
  }
}

/** A date a row cannot do without (its episode's start). */
function required(cells: Cells, key: ColumnKey, what: string): string | null {
  const day = cells.date(name(key));
  if (day === null) cells.problem(name(key), `is empty: ${what}; the row was not imported`);
  return typeof day === 'string' ? day : null;
}

/** A later date of the episode that started on `start`. */
const from = (cells: Cells, key: ColumnKey, start: string | null, startKey: ColumnKey) =>
  cells.dateFrom(name(key), start, name(startKey));

function referrals(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const day = required(cells, 'referral', 'a referral needs its date');
    if (day !== null) emit(`referral-${day}`, eventDraft('referral.received', day));
  });
}

function assessments(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const start = required(cells, 'assessmentStart', 'an assessment needs its start');
    const authorised = from(cells, 'assessmentAuthorised', start, 'assessmentStart');
    if (start === null) return;
    emit(`assessment-${start}`, eventDraft('assessment.started', start));
    // Annex A's only end of an assessment is its authorisation: it completed then at the latest.
    if (typeof authorised === 'string') {
      emit(`assessment-${start}-completed`, eventDraft('assessment.completed', authorised));
      emit(`assessment-${start}-authorised`, eventDraft('assessment.authorised', authorised));
    }
  });
}

function enquiries(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const start = required(cells, 's47Start', 'an enquiry needs the strategy discussion that started it');
    const held = from(cells, 'icpc', start, 's47Start');
    const plan = cells.code(name('icpcPlan'), YES_NO_UNKNOWN, ANSWERS);
    if (start === null) return;
    emit(`s47-${start}-strategy`, eventDraft('strategy_discussion.held', start, { s47Initiated: true }));
    emit(`s47-${start}`, eventDraft('s47.started', start));
    if (typeof held !== 'string' || plan === BAD) return;
    if (plan === null) {
      cells.problem(name('icpcPlan'), 'is empty: a conference held must say whether it made a plan');
      return;
    }
    emit(
      `s47-${start}-icpc`,
      eventDraft('conference.held', held, { conferenceType: 'initial', outcome: plan ? 'plan' : 'no-plan' }),
    );
  });
}

function childrenInNeed(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const start = required(cells, 'cinStart', 'an episode of need needs its start');
    const closed = from(cells, 'cinClosed', start, 'cinStart');
    const status = cells.code(name('caseStatus'), CASE_STATUSES, CASE_STATUS_LIST);
    const seen = cells.date(name('lastSeen'));
    if (start === null) return;
    if (typeof closed === 'string') emit(`cin-${start}-closed`, eventDraft('case.closed', closed));
    if (status !== 'cin-plan') return;
    // Annex A has no plan start: the plan is read from the episode's, on or before the plan's own, so
    // its first visit and review are never due later than they were.
    emit(`cin-plan-${start}`, eventDraft('cin_plan.started', start), 'status');
    // Only for a child in need plan is the last time the child was seen that plan's visit: lists 7
    // and 8 give the statutory visits of the others.
    if (typeof seen === 'string')
      emit(`seen-${seen}`, eventDraft('visit.completed', seen, { visitType: 'cin', childSeen: true }));
  });
}

/** A visit where the child was seen, with whether alone when the list says. */
function seenVisit(cells: Cells, visitType: 'cp' | 'cic'): object | Bad {
  const alone = cells.code(name('seenAlone'), YES_NO_UNKNOWN, ANSWERS);
  if (alone === BAD) return BAD;
  return { visitType, childSeen: true, ...(alone !== null && { seenAlone: alone }) };
}

function childProtection(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const start = required(cells, 'cpStart', 'a child protection plan needs its start');
    const visit = from(cells, 'cpVisit', start, 'cpStart');
    const visitData = seenVisit(cells, 'cp');
    const review = from(cells, 'cpReview', start, 'cpStart');
    const end = from(cells, 'cpEnd', start, 'cpStart');
    if (start === null) return;
    // A plan starts at the initial conference that makes it (the CIN census dates it so): the review
    // conferences count from there.
    emit(
      `cp-${start}-icpc`,
      eventDraft('conference.held', start, { conferenceType: 'initial', outcome: 'plan' }),
    );
    emit(`cp-${start}`, eventDraft('cp_plan.started', start));
    if (typeof visit === 'string' && visitData !== BAD)
      emit(`visit-${visit}`, eventDraft('visit.completed', visit, visitData));
    if (typeof review === 'string') {
      const outcome = review === end ? 'end' : 'continue';
      emit(`review-${review}`, eventDraft('conference.held', review, { conferenceType: 'review', outcome }));
    }
    if (typeof end === 'string') emit(`cp-${start}-end`, eventDraft('cp_plan.ended', end));
  });
}

/**
 * A DfE code of `list` in a cell, through the table of DfE codes: its reading, null when empty, {@link BAD}
 * when not on the list.
 */
function dfeCell<List extends DfeCodeList>(cells: Cells, key: ColumnKey, list: List) {
  return cells.dfeCode(name(key), list, codeIn);
}

function childrenInCare(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const start = required(cells, 'careStart', 'a period of care needs its start');
    const statusCode = dfeCell(cells, 'legalStatus', 'legal-status');
    const statusFrom = from(cells, 'legalStatusStart', start, 'careStart');
    const placed = from(cells, 'placementStart', start, 'careStart');
    const typeCode = dfeCell(cells, 'placementType', 'placement-type');
    const review = from(cells, 'cicReview', start, 'careStart');
    const visit = from(cells, 'cicVisit', start, 'careStart');
    const visitData = seenVisit(cells, 'cic');
    const health = from(cells, 'health', start, 'careStart');
    const end = from(cells, 'careEnd', start, 'careStart');
    const reason = dfeCell(cells, 'careEndReason', 'reason-episode-ceased');
    if (statusCode === null)
      cells.problem(name('legalStatus'), 'is empty: a child in care needs their legal status');
    if (typeof placed === 'string' && typeCode === null)
      cells.problem(name('placementType'), 'is empty: a placement needs its type');
    if (placed === null && typeCode !== null && typeCode !== BAD)
      cells.problem(name('placementStart'), 'is empty: a placement needs its start');
    if (start === null || statusCode === null || statusCode === BAD) return;
    const status = statusCode.meaning;
    if (status === null) return;
    const note = stricterReadingNote(statusCode);
    if (note !== null) cells.note(name('legalStatus'), note);
    // The legal status is today's: it is read as the status care began with, too, as the list has no other.
    emit(`care-${start}`, eventDraft('care_period.started', start, { legalStatus: status }));
    if (typeof statusFrom === 'string' && statusFrom !== start) {
      emit(
        `legal-status-${statusFrom}`,
        eventDraft('care_period.started', statusFrom, { legalStatus: status }),
      );
    }
    if (typeof placed === 'string' && typeCode !== null && typeCode !== BAD && typeCode.meaning !== null) {
      // Today's legal status is the placement's unless it began after the placement did (then unknown).
      const under = typeof statusFrom === 'string' && statusFrom > placed ? null : status;
      const reading = placementReading(
        { ...typeCode, meaning: typeCode.meaning },
        { started: placed, today: m.today, legalStatus: under },
      );
      if (reading.note) cells.note(name('placementType'), reading.note);
      emit(
        `placement-${placed}`,
        eventDraft('placement.started', placed, { placementType: reading.placementType }),
      );
    }
    if (typeof review === 'string') emit(`review-${review}`, eventDraft('cic_review.held', review));
    if (typeof visit === 'string' && visitData !== BAD)
      emit(`visit-${visit}`, eventDraft('visit.completed', visit, visitData));
    if (typeof visit === 'string' && typeof placed === 'string' && visit < placed) {
      cells.note(
        name('cicVisit'),
        `is before ${name('placementStart')}: a visit due before the move, if it was missed, is not known, and visits count from the move; check the child was seen`,
      );
    }
    // The first health assessment in care is the initial one, so a child with one had theirs: the
    // latest is read as meeting it, and the reviews count from its date.
    if (typeof health === 'string')
      emit(`health-${health}`, eventDraft('health_assessment.completed', health, { kind: 'initial' }));
    // X1 (care goes on in the next episode) makes no end.
    if (typeof end === 'string' && reason !== BAD && reason?.meaning !== null) {
      emit(
        `care-${start}-end`,
        eventDraft('care_period.ended', end, reason === null ? {} : { reason: reason.meaning }),
      );
    }
  });
}

function careLeavers(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const pathway = cells.date(name('pathwayPlan'));
    const contact = cells.date(name('leaverContact'));
    if (typeof pathway === 'string')
      emit(`pathway-plan-${pathway}`, eventDraft('record.updated', pathway, { record: 'pathway-plan' }));
    if (typeof contact === 'string') {
      emit(
        `contact-${contact}`,
        eventDraft('visit.completed', contact, { visitType: 'care-leaver', childSeen: true }),
      );
    }
  });
}

function adoption(m: AnnexAMapping, sheet: ListSheet) {
  m.rows(sheet, (cells, emit) => {
    const decided = required(cells, 'adoptionDecision', 'an adoption needs the decision that started it');
    const placed = from(cells, 'placedForAdoption', decided, 'adoptionDecision');
    const order = from(cells, 'adoptionOrder', decided, 'adoptionDecision');
    if (typeof placed === 'string') {
      emit(
        `adoption-placed-${placed}`,
        eventDraft('placement.started', placed, { placementType: 'placed-for-adoption' }),
      );
    }
    if (typeof order === 'string')
      emit(`adoption-order-${order}`, eventDraft('care_period.ended', order, { reason: 'adopted' }));
  });
}

const MAPPINGS: Readonly<Record<number, (m: AnnexAMapping, sheet: ListSheet) => void>> = {
  3: referrals,
  4: assessments,
  5: enquiries,
  6: childrenInNeed,
  7: childProtection,
  8: childrenInCare,
  9: careLeavers,
  10: adoption,
};

/** Reads an Annex A workbook's sheets, or a folder's CSV files, as events, as of the London day `today`. */
export function readAnnexA(files: readonly SourceFile[], today: string): MappedExtract {
  const m = new AnnexAMapping(today);
  const sheets: ListSheet[] = [];
  for (const file of files) {
    const result = readSheet(file);
    m.problems.push(...result.problems);
    m.held.push(...result.held);
    if (result.sheet) sheets.push(result.sheet);
  }
  // Lists in Ofsted's order, so that a fact two lists give is kept from the first.
  sheets.sort((a, b) => a.list.number - b.list.number);
  for (const sheet of sheets) {
    const mapping = MAPPINGS[sheet.list.number];
    if (mapping === undefined) continue;
    m.sections.add(sectionOf(sheet.list));
    mapping(m, sheet);
  }
  // In file and row order, as the council will look for them.
  const order = new Map(files.map((file, at) => [file.name, at]));
  const problems = m.problems
    .map((problem, at) => ({ problem, at }))
    .sort(
      (a, b) =>
        (order.get(a.problem.file) ?? 0) - (order.get(b.problem.file) ?? 0) ||
        (a.problem.row ?? 0) - (b.problem.row ?? 0) ||
        a.at - b.at,
    )
    .map(({ problem }) => problem);
  return { events: m.events, problems, sections: [...m.sections], held: m.held };
}
