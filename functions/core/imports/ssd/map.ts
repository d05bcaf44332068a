/**
 * The Standard Safeguarding Dataset (Data to Insight): its tables, one CSV file each, named after the
 * table, as events of the contract. The mapping table, and what the SSD cannot tell, are in
 * docs/imports.md; the DfE codes its columns hold are read through `dfe-codes.ts`. The SSD person id
 * (`pers_person_id`) is the case reference. Names are never read. Pure.
 */

import type { DfeCodeList, DfeMeaning } from '../../../../events/dfe-codes.ts';
import {
  type AllocationReason,
  decodeJson,
  type LegalStatus,
  type PlacementType,
  type PreProceedingsOutcome,
} from '../../../../events/index.ts';
import { allGood, BAD, type Bad, Cells, dayOf } from '../cells.ts';
import { type CsvTable, readCsvTable, type TableRow } from '../csv-tables.ts';
import {
  type DirectorySeed,
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
import { SSD_TABLES, type SsdTable } from './tables.ts';

/** The table a file holds, from its name (`ssd_cp_visits.csv`, in any case), or null. */
export function ssdTableOf(fileName: string): SsdTable | null {
  const base = (fileName.split(/[\\/]/).pop() ?? '').toLowerCase();
  const name = base.endsWith('.csv') ? base.slice(0, -4) : null;
  return name !== null && Object.hasOwn(SSD_TABLES, name) ? (name as SsdTable) : null;
}

/** What one row gives: `emit` an event under a part of its key. */
type Emit = (part: string, event: EventDraft, latest?: true) => void;

/** The words `clah_health_check_type` may hold: a health assessment's kind, or a check that is none. */
const HEALTH_CHECK_TYPES: Readonly<Record<string, 'initial' | 'review' | null>> = {
  INITIAL: 'initial',
  IHA: 'initial',
  'INITIAL HEALTH ASSESSMENT': 'initial',
  REVIEW: 'review',
  RHA: 'review',
  'REVIEW HEALTH ASSESSMENT': 'review',
  HEALTH: 'review',
  DENTAL: null,
  DENTIST: null,
  OPTICIAN: null,
  OPTICAL: null,
};
/** The words `clah_health_check_status` may hold: whether the check was done. */
const HEALTH_CHECK_DONE: Readonly<Record<string, boolean>> = {
  COMPLETED: true,
  COMPLETE: true,
  DONE: true,
  C: true,
  Y: true,
  SCHEDULED: false,
  BOOKED: false,
  REFUSED: false,
  DECLINED: false,
  CANCELLED: false,
  N: false,
};
const lookup =
  <T>(words: Readonly<Record<string, T>>) =>
  (code: string): T | undefined =>
    Object.hasOwn(words, code) ? words[code] : undefined;

/** The flags of `s47e_s47_outcome_json` that say where an enquiry led, in the order they are read. */
const S47_OUTCOME_FLAGS = [
  ['NFA_FLAG', 'no-further-action'],
  ['CP_CONFERENCE_FLAG', 'conference'],
  ['PROV_OF_SERVICES_FLAG', 'child-in-need'],
] as const;

class SsdMapping {
  readonly events: MappedEvent[] = [];
  readonly problems: ImportProblem[] = [];
  readonly held: string[] = [];
  readonly tables = new Map<SsdTable, CsvTable>();

  constructor(readonly today: string) {}

  /** Reads each SSD file; a table whose file is refused is not supplied, and a second file of a table is not read. */
  read(files: readonly SourceFile[]) {
    const seen = new Set<SsdTable>();
    for (const file of files) {
      const name = ssdTableOf(file.name);
      if (name === null) continue;
      if (seen.has(name)) {
        this.problems.push({
          file: file.name,
          message: `is a second file of ${name}: only the first was read`,
        });
        continue;
      }
      seen.add(name);
      const result = readCsvTable(file, SSD_TABLES[name]);
      this.problems.push(...result.problems);
      this.held.push(...result.held);
      if (result.table) this.tables.set(name, result.table);
    }
  }

  /**
   * Each row of a table, with its cells and its child's case reference read from `personColumn` (a row
   * without a usable one is refused); a row with any problem is held, so what it made before stands.
   */
  rows(
    name: SsdTable,
    personColumn: string,
    each: (cells: Cells, caseId: string, emit: Emit, row: TableRow) => void,
  ) {
    this.rowsOf(name, (cells, row, emitFor) => {
      const caseId = childOf(cells, personColumn);
      if (caseId !== null) each(cells, caseId, emitFor(caseId, row), row);
    });
  }

  /** Each row of a table with its cells, however it finds its child. */
  rowsOf(
    name: SsdTable,
    each: (cells: Cells, row: TableRow, emitFor: (caseId: string, keyed: { id: string }) => Emit) => void,
  ) {
    const table = this.tables.get(name);
    if (!table) return;
    for (const row of table.rows) {
      const before = this.problems.length;
      const cells = new Cells(table.file, row.row, row.cell, this.today, this.problems);
      each(cells, row, (caseId, { id }) => (part, event, latest) => {
        this.events.push({
          key: `${name}:${id}#${part}`,
          event: { ...event, caseId } as EventDraft,
          from: { file: table.file, row: row.row },
          ...(latest && { latest }),
        });
      });
      if (this.problems.slice(before).some(isRefusal)) this.held.push(`${name}:${row.id}`);
    }
  }
}

/** The child a row names in `column`, as a case reference; null (its problem recorded) when it names none usable. */
function childOf(cells: Cells, column: string): string | null {
  const caseId = cells.caseId(column);
  if (caseId === null) cells.problem(column, 'is empty: the row names no child; the row was not imported');
  return typeof caseId === 'string' ? caseId : null;
}

/** A flag a row cannot do without. */
function requiredFlag(cells: Cells, column: string, what: string): boolean | Bad {
  const value = cells.flag(column);
  return value === null ? cells.problem(column, `is empty: ${what}`) : value;
}

/**
 * A DfE code in `column`, read through the table of DfE codes: its meaning, null when the cell is empty
 * or the code makes no event, {@link BAD} when it is not on the list. A code that cannot tell the
 * stricter reading from a laxer one is read the stricter way and listed for the council to confirm
 * (placement codes, which other facts may settle, are read by `placement-reading.ts`).
 */
function dfeCoded<List extends DfeCodeList>(
  cells: Cells,
  column: string,
  list: List,
): DfeMeaning<List> | null | Bad {
  const reading = cells.dfeCode(column, list);
  if (reading === null || reading === BAD) return reading;
  const note = stricterReadingNote(reading);
  if (note !== null) cells.note(column, note);
  return reading.meaning;
}

function people(m: SsdMapping) {
  m.rows('ssd_person', 'pers_person_id', (cells, _caseId, emit) => {
    const born = cells.date('pers_dob');
    if (typeof born === 'string') emit('born', eventDraft('child.updated', born, { dateOfBirth: born }));
  });
  // Disability has no date in the SSD: it is known from birth. One event per child, however many rows.
  const births = new Map<string, string>();
  for (const event of m.events) {
    if (event.event.type === 'child.updated') births.set(event.event.caseId, event.event.occurredAt);
  }
  const disabledChildren = new Set<string>();
  m.rowsOf('ssd_disability', (cells, _row, emitFor) => {
    const caseId = childOf(cells, 'disa_person_id');
    const disabled = dfeCoded(cells, 'disa_disability_code', 'disability');
    // The event is the child's, not the row's: a row refused holds what the child's rows made before.
    if (caseId !== null && disabled === BAD) m.held.push(`ssd_disability:${caseId}`);
    if (caseId === null || disabled !== true) return;
    const born = births.get(caseId);
    if (born === undefined) {
      cells.problem(
        'disa_person_id',
        'has no pers_dob in ssd_person to date the disability from; the row was not imported',
      );
      m.held.push(`ssd_disability:${caseId}`);
      return;
    }
    // Keyed by the child and made once, so that a second code, or one code removed of two, changes nothing.
    if (disabledChildren.has(caseId)) return;
    disabledChildren.add(caseId);
    emitFor(caseId, { id: caseId })('disabled', eventDraft('child.updated', born, { disabled: true }));
  });
}

/** What an involvement's role (`invo_professional_role_id`, each system's own words) makes of it. */
type Involvement = 'allocated' | 'personal-adviser' | 'other';

/**
 * The role of an involvement: an allocated worker (also when the column is empty or absent: extracts
 * that keep only allocations), a leaving care personal adviser, or another professional (an IRO, a
 * manager), who is involved but holds no case and makes no event.
 */
function involvementOf(role: string): Involvement {
  const words = role.toUpperCase();
  if (words === '' || /ALLOCATED|SOCIAL WORKER|CASE ?WORKER|KEY ?WORKER|^SW$/.test(words)) return 'allocated';
  return /PERSONAL ADVI[SC]/.test(words) || words === 'PA' ? 'personal-adviser' : 'other';
}

/** The RIIA reasons for a change of worker (`invo_worker_change_reason`), as the contract's allocation reasons. */
const CHANGE_REASONS: Readonly<Record<string, AllocationReason>> = {
  FCONTA: 'new',
  TSPROC: 'transfer',
  MANAGE: 'reallocation',
  LEFTRL: 'reallocation',
  ORGRST: 'reallocation',
  ABSENC: 'reallocation',
  CHCHAN: 'reallocation',
  PCCHAN: 'reallocation',
  SWDIED: 'reallocation',
  OTHERS: 'reallocation',
};

/**
 * Allocations without a reason code, read from the child's allocations before (by start): the first
 * is new, a change of team a transfer, another worker in the same team a reallocation.
 */
function derivedReasons(table: CsvTable): Map<string, AllocationReason> {
  const byChild = new Map<string, { id: string; start: string; team: string }[]>();
  for (const row of table.rows) {
    const start = dayOf(row.cell('invo_involvement_start_date'));
    if (start === null || involvementOf(row.cell('invo_professional_role_id')) !== 'allocated') continue;
    const list = byChild.get(row.cell('invo_person_id')) ?? [];
    list.push({ id: row.id, start, team: row.cell('invo_professional_team') });
    byChild.set(row.cell('invo_person_id'), list);
  }
  const reasons = new Map<string, AllocationReason>();
  for (const list of byChild.values()) {
    list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
    list.forEach((entry, at) => {
      const before = list[at - 1];
      reasons.set(
        entry.id,
        before === undefined ? 'new' : before.team !== entry.team ? 'transfer' : 'reallocation',
      );
    });
  }
  return reasons;
}

/** `ssd_involvements`: allocated workers as allocations, personal advisers as theirs; each worker by their HR id. */
function allocations(m: SsdMapping, staffIdOf: ReadonlyMap<string, string>) {
  const table = m.tables.get('ssd_involvements');
  if (!table) return;
  const reasons = derivedReasons(table);
  m.rows('ssd_involvements', 'invo_person_id', (cells, _caseId, emit, row) => {
    const involvement = involvementOf(cells.text('invo_professional_role_id'));
    if (involvement === 'other') return;
    const start = cells.date('invo_involvement_start_date');
    const professional = cells.staffId('invo_professional_id');
    const teamId = cells.staffId('invo_professional_team');
    const reason = cells.code(
      'invo_worker_change_reason',
      lookup(CHANGE_REASONS),
      'the RIIA reasons for a change of worker',
    );
    if (start === null)
      cells.problem('invo_involvement_start_date', 'is empty: an allocation needs its start');
    if (professional === null)
      cells.problem('invo_professional_id', 'is empty: an allocation needs its worker');
    if (typeof start !== 'string' || typeof professional !== 'string' || !allGood(teamId, reason)) return;
    const staffId = staffIdOf.get(professional) ?? professional;
    if (involvement === 'personal-adviser') {
      emit('adviser', eventDraft('personal_adviser.allocated', start, { staffId }));
      return;
    }
    emit(
      'allocated',
      eventDraft('case.allocated', start, {
        workerId: staffId,
        ...(teamId !== null && { teamId }),
        reason: reason ?? reasons.get(row.id) ?? 'new',
      }),
    );
  });
}

/** `ssd_early_help_episodes`: the family received into Early Help, and the work ended. */
function earlyHelp(m: SsdMapping) {
  m.rows('ssd_early_help_episodes', 'earl_person_id', (cells, _caseId, emit) => {
    const started = cells.date('earl_episode_start_date');
    const ended = cells.dateFrom('earl_episode_end_date', started, 'earl_episode_start_date');
    if (started === null)
      cells.problem('earl_episode_start_date', 'is empty: an Early Help episode needs its start');
    if (typeof started === 'string') emit('start', eventDraft('early_help.started', started));
    if (typeof ended === 'string') emit('end', eventDraft('early_help.ended', ended));
  });
}

function referrals(m: SsdMapping) {
  m.rows('ssd_cin_episodes', 'cine_person_id', (cells, _caseId, emit) => {
    const received = cells.date('cine_referral_date');
    const closed = cells.dateFrom('cine_close_date', received, 'cine_referral_date');
    if (received === null) cells.problem('cine_referral_date', 'is empty: a referral needs its date');
    if (typeof received === 'string') emit('referral', eventDraft('referral.received', received));
    if (typeof closed === 'string') emit('closed', eventDraft('case.closed', closed));
  });
  m.rows('ssd_cin_assessments', 'cina_person_id', (cells, _caseId, emit) => {
    const started = cells.date('cina_assessment_start_date');
    const authorised = cells.dateFrom('cina_assessment_auth_date', started, 'cina_assessment_start_date');
    if (started === null)
      cells.problem('cina_assessment_start_date', 'is empty: an assessment needs its start');
    if (typeof started === 'string') emit('start', eventDraft('assessment.started', started));
    if (typeof authorised === 'string') {
      emit('completed', eventDraft('assessment.completed', authorised));
      emit('authorised', eventDraft('assessment.authorised', authorised));
    }
  });
}

/** Where an enquiry led, from `s47e_s47_nfa` and the flags of `s47e_s47_outcome_json`; undefined when neither says. */
function s47Outcome(cells: Cells): string | undefined | Bad {
  const nfa = cells.flag('s47e_s47_nfa');
  if (nfa === BAD) return BAD;
  if (nfa === true) return 'no-further-action';
  const text = cells.text('s47e_s47_outcome_json');
  if (text === '') return undefined;
  const decoded = decodeJson(text);
  if (
    !decoded.ok ||
    typeof decoded.value !== 'object' ||
    decoded.value === null ||
    Array.isArray(decoded.value)
  ) {
    return cells.problem('s47e_s47_outcome_json', 'is not a JSON object of outcome flags');
  }
  const flags = decoded.value as Record<string, unknown>;
  for (const [flag, outcome] of S47_OUTCOME_FLAGS) {
    if (typeof flags[flag] === 'string' && ['Y', '1', 'TRUE'].includes((flags[flag] as string).toUpperCase()))
      return outcome;
  }
  return undefined;
}

function childProtection(m: SsdMapping) {
  m.rows('ssd_s47_enquiry', 's47e_person_id', (cells, _caseId, emit) => {
    const started = cells.date('s47e_s47_start_date');
    const ended = cells.dateFrom('s47e_s47_end_date', started, 's47e_s47_start_date');
    const outcome = s47Outcome(cells);
    if (started === null) cells.problem('s47e_s47_start_date', 'is empty: an enquiry needs its start');
    if (typeof started === 'string') {
      emit('strategy', eventDraft('strategy_discussion.held', started, { s47Initiated: true }));
      emit('start', eventDraft('s47.started', started));
    }
    if (typeof ended === 'string' && outcome !== BAD) {
      emit('end', eventDraft('s47.completed', ended, outcome === undefined ? {} : { outcome }));
    }
  });
  m.rows('ssd_initial_cp_conference', 'icpc_person_id', (cells, _caseId, emit) => {
    const held = cells.date('icpc_icpc_date');
    if (typeof held !== 'string') return;
    const plan = requiredFlag(
      cells,
      'icpc_icpc_outcome_cp_flag',
      'a conference held must say whether it made a plan',
    );
    if (plan !== BAD) {
      emit(
        'held',
        eventDraft('conference.held', held, {
          conferenceType: 'initial',
          outcome: plan ? 'plan' : 'no-plan',
        }),
      );
    }
  });
  planRows(
    m,
    'ssd_cp_plans',
    'cppl_person_id',
    'cppl_cp_plan_start_date',
    'cppl_cp_plan_end_date',
    'cp_plan',
  );
  visitRows(m, 'ssd_cp_visits', 'cppv', 'cp');
  m.rows('ssd_cp_reviews', 'cppr_person_id', (cells, _caseId, emit) => {
    const held = cells.date('cppr_cp_review_date');
    if (typeof held !== 'string') return;
    const goesOn = requiredFlag(
      cells,
      'cppr_cp_review_outcome_continue_cp',
      'a review held must say whether the plan continues',
    );
    if (goesOn !== BAD) {
      emit(
        'held',
        eventDraft('conference.held', held, {
          conferenceType: 'review',
          outcome: goesOn ? 'continue' : 'end',
        }),
      );
    }
  });
}

/** A plan's rows: its start and, once it has one, its end. */
function planRows(
  m: SsdMapping,
  name: SsdTable,
  person: string,
  startColumn: string,
  endColumn: string,
  plan: 'cp_plan' | 'cin_plan',
) {
  m.rows(name, person, (cells, _caseId, emit) => {
    const started = cells.date(startColumn);
    const ended = cells.dateFrom(endColumn, started, startColumn);
    if (started === null) cells.problem(startColumn, 'is empty: a plan needs its start');
    if (typeof started === 'string') emit('start', eventDraft(`${plan}.started`, started));
    if (typeof ended === 'string') emit('end', eventDraft(`${plan}.ended`, ended));
  });
}

/** A visit's row (`<prefix>_person_id`, `<prefix>_<kind>_visit_date`, `_seen`, `_seen_alone`, `_bedroom`). */
function visitRows(m: SsdMapping, name: SsdTable, prefix: string, visitType: 'cp' | 'cin' | 'cic') {
  const column = (suffix: string) => `${prefix}_${visitType === 'cic' ? 'cla' : visitType}_visit_${suffix}`;
  m.rows(name, `${prefix}_person_id`, (cells, _caseId, emit) => {
    const day = cells.date(column('date'));
    const seen = requiredFlag(cells, column('seen'), 'a visit must say whether the child was seen');
    const alone = cells.flag(column('seen_alone'));
    const bedroom = visitType === 'cic' ? null : cells.flag(column('bedroom'));
    if (day === null) cells.problem(column('date'), 'is empty: a visit needs its date');
    if (typeof day !== 'string' || !allGood(seen, alone, bedroom)) return;
    emit(
      'visit',
      eventDraft('visit.completed', day, {
        visitType,
        childSeen: seen,
        ...(seen && alone !== null && { seenAlone: alone }),
        ...(seen && bedroom !== null && { bedroomSeen: bedroom }),
      }),
    );
  });
}

function childInNeed(m: SsdMapping) {
  planRows(
    m,
    'ssd_cin_plans',
    'cinp_person_id',
    'cinp_cin_plan_start_date',
    'cinp_cin_plan_end_date',
    'cin_plan',
  );
  visitRows(m, 'ssd_cin_visits', 'cinv', 'cin');
}

function care(m: SsdMapping) {
  // Reviews name the episode's clae_cla_id, not the child: the episodes say whose it is.
  const childOfCla = new Map<string, string>();
  m.rows('ssd_cla_episodes', 'clae_person_id', (cells, caseId, emit) => {
    const claId = cells.text('clae_cla_id');
    if (claId !== '') childOfCla.set(claId, caseId);
    const started = cells.date('clae_cla_episode_start_date');
    const ceased = cells.dateFrom('clae_cla_episode_ceased_date', started, 'clae_cla_episode_start_date');
    const reason = dfeCoded(cells, 'clae_cla_episode_ceased_reason', 'reason-episode-ceased');
    if (typeof ceased !== 'string' || reason === BAD) return;
    if (reason === null && cells.text('clae_cla_episode_ceased_reason') === '') {
      cells.problem('clae_cla_episode_ceased_reason', 'is empty: an episode that ceased needs its reason');
      return;
    }
    if (reason !== null) emit('ceased', eventDraft('care_period.ended', ceased, { reason }));
  });
  // Each child's legal statuses by start: a placement with parents under neither order is no Regulation 19 placement.
  const statuses = new Map<string, { start: string; status: LegalStatus }[]>();
  m.rows('ssd_legal_status', 'lega_person_id', (cells, caseId, emit) => {
    const started = cells.date('lega_legal_status_start_date');
    const status = dfeCoded(cells, 'lega_legal_status', 'legal-status');
    if (started === null)
      cells.problem('lega_legal_status_start_date', 'is empty: a legal status needs its start');
    if (status === null) cells.problem('lega_legal_status', 'is empty: the row needs its legal status');
    if (typeof started === 'string' && status !== null && status !== BAD) {
      emit('start', eventDraft('care_period.started', started, { legalStatus: status }));
      statuses.set(caseId, [...(statuses.get(caseId) ?? []), { start: started, status }]);
    }
  });
  const statusOn = (caseId: string, day: string) =>
    (statuses.get(caseId) ?? [])
      .filter((entry) => entry.start <= day)
      .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0))[0]?.status;
  /** A placement's type, through the table of DfE codes; an ambiguous code as `placement-reading.ts` settles it. */
  const placementType = (
    cells: Cells,
    caseId: string,
    started: string | null | Bad,
  ): PlacementType | null | Bad => {
    const column = 'clap_cla_placement_type';
    const code = cells.dfeCode(column, 'placement-type');
    if (code === null || code === BAD) return code;
    if (code.meaning === null || typeof started !== 'string') return code.meaning;
    const reading = placementReading(
      { ...code, meaning: code.meaning },
      { started, today: m.today, legalStatus: statusOn(caseId, started) ?? null },
    );
    if (reading.note) cells.note(column, reading.note);
    return reading.placementType;
  };
  m.rows('ssd_cla_placement', 'clap_person_id', (cells, caseId, emit) => {
    const started = cells.date('clap_cla_placement_start_date');
    const ended = cells.dateFrom('clap_cla_placement_end_date', started, 'clap_cla_placement_start_date');
    const type = placementType(cells, caseId, started);
    if (started === null)
      cells.problem('clap_cla_placement_start_date', 'is empty: a placement needs its start');
    if (type === null) cells.problem('clap_cla_placement_type', 'is empty: a placement needs its type');
    if (typeof started === 'string' && type !== null && type !== BAD) {
      emit('start', eventDraft('placement.started', started, { placementType: type }));
    }
    if (typeof ended === 'string') emit('end', eventDraft('placement.ended', ended));
  });
  m.rowsOf('ssd_cla_reviews', (cells, row, emitFor) => {
    const claId = cells.text('clar_cla_id');
    const caseId = childOfCla.get(claId);
    const held = cells.date('clar_cla_review_date');
    const cancelled = cells.flag('clar_cla_review_cancelled');
    if (caseId === undefined) {
      cells.problem(
        'clar_cla_id',
        m.tables.has('ssd_cla_episodes')
          ? 'names no clae_cla_id of ssd_cla_episodes, which says whose the review is; the row was not imported'
          : 'cannot be linked to a child without ssd_cla_episodes; the row was not imported',
      );
      return;
    }
    if (typeof held === 'string' && cancelled !== true && cancelled !== BAD) {
      emitFor(caseId, row)('held', eventDraft('cic_review.held', held));
    }
  });
  visitRows(m, 'ssd_cla_visits', 'clav', 'cic');
  m.rows('ssd_cla_health', 'clah_person_id', (cells, _caseId, emit) => {
    const day = cells.date('clah_health_check_date');
    const kind = cells.code(
      'clah_health_check_type',
      lookup(HEALTH_CHECK_TYPES),
      'the health check types the import reads',
    );
    const done = cells.code(
      'clah_health_check_status',
      lookup(HEALTH_CHECK_DONE),
      'the health check statuses the import reads',
    );
    if (typeof day === 'string' && typeof kind === 'string' && (done === true || done === null)) {
      emit('done', eventDraft('health_assessment.completed', day, { kind }));
    }
  });
  m.rows('ssd_sdq_scores', 'csdq_person_id', (cells, _caseId, emit) => {
    const day = cells.date('csdq_sdq_completed_date');
    if (typeof day === 'string')
      emit('done', eventDraft('health_assessment.completed', day, { kind: 'strengths-and-difficulties' }));
  });
  m.rows('ssd_missing', 'miss_person_id', (cells, _caseId, emit) => {
    const started = cells.date('miss_missing_episode_start_date');
    const ended = cells.dateFrom('miss_missing_episode_end_date', started, 'miss_missing_episode_start_date');
    if (started === null)
      cells.problem('miss_missing_episode_start_date', 'is empty: a missing episode needs its start');
    if (typeof started === 'string') emit('start', eventDraft('missing_episode.started', started));
    if (typeof ended === 'string') emit('end', eventDraft('missing_episode.ended', ended));
  });
  // The latest contact and pathway plan review only: each a fact that stays when a newer one replaces it.
  m.rows('ssd_care_leavers', 'clea_person_id', (cells, _caseId, emit) => {
    const contact = cells.date('clea_care_leaver_latest_contact');
    const pathway = cells.date('clea_pathway_plan_review_date');
    if (typeof contact === 'string') {
      emit(
        `contact-${contact}`,
        eventDraft('visit.completed', contact, { visitType: 'care-leaver', childSeen: true }),
        true,
      );
    }
    if (typeof pathway === 'string') {
      emit(
        `pathway-plan-${pathway}`,
        eventDraft('record.updated', pathway, { record: 'pathway-plan' }),
        true,
      );
    }
  });
  preProceedings(m);
  m.rows('ssd_permanence', 'perm_person_id', (cells, _caseId, emit) => {
    const placed = cells.date('perm_placed_for_adoption_date');
    if (typeof placed === 'string')
      emit('placed', eventDraft('placement.started', placed, { placementType: 'placed-for-adoption' }));
  });
}

/**
 * The words `prep_pre_pro_outcome` may hold: the SSD's guidance offers "Decision to Issue Care
 * Proceedings" and "Decision to step down", and leaves it blank while pre-proceedings go on.
 */
const PRE_PROCEEDINGS_OUTCOME_WORDS: Readonly<Record<string, PreProceedingsOutcome>> = {
  'DECISION TO ISSUE CARE PROCEEDINGS': 'issue-proceedings',
  'ISSUE CARE PROCEEDINGS': 'issue-proceedings',
  'ISSUE PROCEEDINGS': 'issue-proceedings',
  ISSUE: 'issue-proceedings',
  'DECISION TO STEP DOWN': 'step-down',
  'STEP DOWN': 'step-down',
  'STEP-DOWN': 'step-down',
  STEPDOWN: 'step-down',
};

/**
 * `ssd_pre_proceedings`: the decision that starts pre-proceedings, the letter before proceedings, the
 * initial meeting, and the end, dated by the panel that agreed it (`prep_agree_stepdown_issue_date`)
 * with how it ended from `prep_pre_pro_outcome`. An end without an outcome is read as ended another
 * way and listed; an outcome the SSD does not offer is refused, not guessed.
 */
function preProceedings(m: SsdMapping) {
  m.rows('ssd_pre_proceedings', 'prep_person_id', (cells, _caseId, emit) => {
    const decisionColumn = 'prep_pre_pro_decision_date';
    const decided = cells.date(decisionColumn);
    const letter = cells.dateFrom('prep_pre_pro_letter_date', decided, decisionColumn);
    const meeting = cells.dateFrom('prep_initial_pre_pro_meeting_date', decided, decisionColumn);
    const ended = cells.dateFrom('prep_agree_stepdown_issue_date', decided, decisionColumn);
    const outcome = cells.code(
      'prep_pre_pro_outcome',
      lookup(PRE_PROCEEDINGS_OUTCOME_WORDS),
      'the pre-proceedings outcomes of the SSD (decision to issue care proceedings, decision to step down)',
    );
    if (decided === null) cells.problem(decisionColumn, 'is empty: pre-proceedings need their decision');
    if (outcome !== null && outcome !== BAD && ended === null) {
      cells.problem('prep_agree_stepdown_issue_date', 'is empty: an outcome needs the day it was agreed');
    }
    if (typeof decided !== 'string' || !allGood(letter, meeting, ended, outcome)) return;
    emit('decision', eventDraft('decision.recorded', decided, { decision: 'initiate-pre-proceedings' }));
    if (typeof letter === 'string') emit('letter', eventDraft('pre_proceedings.letter_sent', letter));
    if (typeof meeting === 'string') {
      emit('meeting', eventDraft('pre_proceedings.meeting_held', meeting, { meeting: 'initial' }));
    }
    if (typeof ended !== 'string' || outcome === BAD) return;
    if (outcome === null) {
      cells.note(
        'prep_pre_pro_outcome',
        'is empty though prep_agree_stepdown_issue_date says pre-proceedings ended: read as ended another way',
      );
    }
    emit('end', eventDraft('pre_proceedings.ended', ended, { outcome: outcome ?? 'other' }));
  });
}

/**
 * An unborn baby's expected date of birth (`pers_expected_dob`, read only while `pers_dob` is empty),
 * dated by the child's first event in the extract: the SSD does not say when it was recorded, and the
 * case (pre-proceedings among it) starts before the birth. Read after every other table for that date;
 * a child with no other event is listed, as nothing dates it.
 */
function expectedBirths(m: SsdMapping) {
  const first = new Map<string, string>();
  for (const { event } of m.events) {
    const day = event.occurredAt.slice(0, 10);
    const known = first.get(event.caseId);
    if (known === undefined || day < known) first.set(event.caseId, day);
  }
  m.rows('ssd_person', 'pers_person_id', (cells, caseId, emit) => {
    if (cells.text('pers_dob') !== '') return;
    const expected = cells.expectedDate('pers_expected_dob');
    if (typeof expected !== 'string') return;
    const day = first.get(caseId);
    if (day === undefined) {
      cells.problem(
        'pers_expected_dob',
        'has no other row of the child to date it from; it was not imported',
      );
      return;
    }
    emit('expected', eventDraft('child.updated', day, { expectedDateOfBirth: expected }));
  });
}

/**
 * The teams of `ssd_department` and the staff of `ssd_professionals`, by their HR id (`prof_staff_id`)
 * where the SSD has it; and that id of each professional, as allocations name them.
 */
function staff(m: SsdMapping): { seed: DirectorySeed | undefined; staffIdOf: Map<string, string> } {
  const staffIdOf = new Map<string, string>();
  if (!m.tables.has('ssd_department') && !m.tables.has('ssd_professionals'))
    return { seed: undefined, staffIdOf };
  const seed: DirectorySeed = { teams: [], staff: [] };
  m.rowsOf('ssd_department', (cells) => {
    const id = cells.staffId('dept_team_id');
    const parentId = cells.staffId('dept_team_parent_id');
    if (typeof id !== 'string' || parentId === BAD) return;
    seed.teams.push({
      id,
      name: cells.text('dept_team_name') || id,
      parentId: parentId === id ? null : parentId,
    });
  });
  m.rowsOf('ssd_professionals', (cells, row) => {
    const staffId = cells.staffId('prof_staff_id');
    const teamId = cells.staffId('prof_professional_department');
    if (typeof staffId === 'string') staffIdOf.set(row.id, staffId);
    const id = typeof staffId === 'string' ? staffId : row.id;
    if (teamId !== BAD) seed.staff.push({ id, teamId });
  });
  return { seed, staffIdOf };
}

/** Reads an SSD extract (its tables' files; others are ignored) as events, as of the London day `today`. */
export function readSsd(files: readonly SourceFile[], today: string): MappedExtract {
  const m = new SsdMapping(today);
  m.read(files);
  const { seed, staffIdOf } = staff(m);
  people(m);
  allocations(m, staffIdOf);
  earlyHelp(m);
  referrals(m);
  childProtection(m);
  childInNeed(m);
  care(m);
  expectedBirths(m);
  return {
    events: m.events,
    problems: m.problems,
    sections: [...m.tables.keys()],
    held: m.held,
    ...(seed && { directory: seed }),
  };
}
