/**
 * The CIN census (the DfE's children in need return, XML) as events of the contract: each
 * `Message/Children/Child`, read whole by the streaming reader (xml.ts), is mapped on its own, so a
 * child the XML breaks inside, or one with a problem, never costs another child its events. The
 * mapping table and what the census cannot tell are in docs/imports.md; its codes are read through
 * `dfe-codes.ts`. `LAchildID` is the case reference. UPNs, names and characteristics other than
 * disability are never read. Pure.
 *
 * Source keys are `cin:<LAchildID>#<part>`, the part naming the element by its episode's referral
 * date and its own start (`cin:C123#2025-01-06:assessment:2025-01-08:start`), so the same element
 * keeps its key from one census to the next. The census is one file supplied whole: its section is
 * the whole census (`cin`), and a child with any element refused is held, so that nothing it made
 * before is withdrawn because of a fault today. The census is a yearly return: it holds what was open
 * in the year ending on its header's `ReferenceDate`, which is the period of its extract, so last
 * year's census's events that this one does not list are not withdrawn (reconcile.ts). A census whose
 * year cannot be told withdraws nothing.
 */

import type { DfeCodeList } from '../../../../events/dfe-codes.ts';
import { caseIdSchema } from '../../../../events/identifiers.ts';
import { BAD, type Bad, dayOf, isImportableDay } from '../cells.ts';
import {
  type ElementPlace,
  type EventDraft,
  eventDraft,
  type ImportProblem,
  type MappedEvent,
  type MappedExtract,
  type SourceFile,
} from '../format.ts';
import { yearEndingOn } from '../return-period.ts';
import { allOf, ElementCells, firstOf, type Outcome } from './element-cells.ts';
import { readXmlRecords, type XmlElement, type XmlOutline } from './xml.ts';

/** The section of every key: the census is supplied whole or not at all. */
const CIN_SECTION = 'cin';

/** Where the children are. */
const CHILD_PATH = ['Message', 'Children', 'Child'] as const;
/** Where the census says which year it is. */
const HEADER_PATH = ['Message', 'Header'] as const;
/** The element dating the last day of the census's year. */
const REFERENCE_DATE = 'Message/Header/CollectionDetails/ReferenceDate';

/** The census's elements that hold other elements and never text: text in one is stray. */
const CONTAINERS = new Set([
  'Child',
  'ChildIdentifiers',
  'ChildCharacteristics',
  'Disabilities',
  'CINdetails',
  'Assessments',
  'FactorsIdentifiedAtAssessment',
  'CINPlanDates',
  'Section47',
  'ChildProtectionPlans',
  'Reviews',
]);

/** The census's elements with a value, under a child: others (a later year's additions) are passed over, and never named. */
const LEAVES = new Set([
  'LAchildID',
  'UPN',
  'FormerUPN',
  'UPNunknown',
  'PersonBirthDate',
  'ExpectedPersonBirthDate',
  'Sex',
  'GenderCurrent',
  'PersonDeathDate',
  'Ethnicity',
  'Disability',
  'CINreferralDate',
  'ReferralSource',
  'PrimaryNeedCode',
  'CINclosureDate',
  'ReasonForClosure',
  'DateOfInitialCPC',
  'ReferralNFA',
  'AssessmentActualStartDate',
  'AssessmentInternalReviewDate',
  'AssessmentAuthorisationDate',
  'AssessmentFactors',
  'CINPlanStartDate',
  'CINPlanEndDate',
  'S47ActualStartDate',
  'InitialCPCtarget',
  'ICPCnotRequired',
  'CPPstartDate',
  'CPPendDate',
  'InitialCategoryOfAbuse',
  'LatestCategoryOfAbuse',
  'NumberOfPreviousCPP',
  'CPPreviewDate',
]);

const refused = (what: string): Outcome => ({ says: `${what} was not imported` });
const importedWithout = (what: string): Outcome => ({
  says: `${what} was imported without it`,
  imported: true,
});

/** What an element says, for telling a repeat from another element under the same key: names and values, not lines. */
function signatureOf(element: XmlElement): string {
  return `${element.name}(${JSON.stringify(element.text)}${element.elements.map(signatureOf).join('')})`;
}

/** Something read once under a key: where, and what it said. */
interface Seen {
  line: number;
  signature: string;
}

/** An element holding only `leaf`: so that each of a repeated leaf (`Disability`, `CPPreviewDate`) is read as cells. */
const holding = (leaf: XmlElement): XmlElement => ({
  name: '',
  line: leaf.line,
  text: '',
  textLine: null,
  elements: [leaf],
});

/** An element the record lacks, read as one with nothing in it, so that its required leaves are missing. */
const absent = (name: string, line: number): XmlElement => ({
  name,
  line,
  text: '',
  textLine: null,
  elements: [],
});

/** One child being read: its id, its cells, and whether anything of it was refused. */
class ChildReading {
  refusedAny = false;
  readonly episodes = new Map<string, Seen>();

  constructor(
    readonly file: string,
    readonly id: string,
    private readonly today: string,
    readonly problems: ImportProblem[],
    private readonly events: MappedEvent[],
  ) {}

  /** The leaves of `element` (at `path` within the child) as cells. */
  cells(element: XmlElement, path: string): ElementCells {
    return new ElementCells({ file: this.file, child: this.id }, element, path, this.today, this.problems);
  }

  /** A problem on an element of the child (not one of its leaves). */
  problem(element: XmlElement, path: string, message: string, imported?: true) {
    this.problems.push({
      file: this.file,
      child: this.id,
      column: path,
      line: element.line,
      message,
      ...(imported && { imported }),
    });
    if (!imported) this.refusedAny = true;
  }

  /** An event of the child under `cin:<child>#<part>`, made from `element` at `path`. */
  emit(part: string, event: EventDraft, element: XmlElement, path: string) {
    const from: ElementPlace = { file: this.file, child: this.id, column: path, line: element.line };
    this.events.push({
      key: `${CIN_SECTION}:${this.id}#${part}`,
      event: { ...event, caseId: this.id } as EventDraft,
      from,
    });
  }

  /**
   * Whether an element keyed `key` (its `by`: a start, an id) among `seen` is new. A repeat saying the
   * same is listed and imported once; one saying otherwise is refused (the first stands).
   */
  firstUnder(
    seen: Map<string, Seen>,
    key: string,
    element: XmlElement,
    path: string,
    what: string,
    by: string,
  ): boolean {
    const signature = signatureOf(element);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, { line: element.line, signature });
      return true;
    }
    if (first.signature === signature) {
      this.problem(element, path, `repeats the ${what} at line ${first.line}; it was imported once`, true);
    } else {
      this.problem(
        element,
        path,
        `has the ${by} of the ${what} at line ${first.line}, with other details; that one was imported, this one was not`,
      );
    }
    return false;
  }
}

/** The dates an episode's elements must fall between. */
interface Episode {
  child: ChildReading;
  referral: string;
  closed: string | null;
  /** The days CP plans of the episode start: an initial conference on one of them made the plan. */
  planStarts: Set<string>;
  /** Elements read once per episode, by their key part. */
  seen: Map<string, Seen>;
}

/** A date of `leaf`, refused with `outcome` when not in its episode (nor, given, not before `after`). */
function dateWithin(
  episode: Episode,
  cells: ElementCells,
  leaf: string,
  outcome: Outcome,
  after?: { day: string | null | Bad; leaf: string },
): string | null | Bad {
  return cells.settled(outcome, () => {
    const day = cells.date(leaf);
    if (typeof day !== 'string') return day;
    if (after !== undefined && typeof after.day === 'string' && day < after.day) {
      return cells.problem(leaf, `is before ${after.leaf}`);
    }
    if (day < episode.referral) return cells.problem(leaf, "is before the episode's CINreferralDate");
    if (episode.closed !== null && day > episode.closed)
      return cells.problem(leaf, "is after the episode's CINclosureDate");
    return day;
  });
}

/** A date an element cannot do without: empty is a problem too. */
function requiredDate(
  episode: Episode,
  cells: ElementCells,
  leaf: string,
  outcome: Outcome,
  after?: { day: string | null | Bad; leaf: string },
): string | Bad {
  const day = dateWithin(episode, cells, leaf, outcome, after);
  if (day === null) return cells.settled(outcome, () => cells.problem(leaf, 'is missing'));
  return day;
}

/** A code the census requires to be on a DfE list, which makes no event: a code off the list is listed, nothing refused. */
function checkCode(cells: ElementCells, leaf: string, list: DfeCodeList, outcome: Outcome) {
  cells.settled(outcome, () => cells.dfeCode(leaf, list));
}

/** An assessment: its start, and its authorisation (the census's completion). */
function assessment(episode: Episode, element: XmlElement) {
  const { child, referral } = episode;
  const path = 'CINdetails/Assessments';
  const cells = child.cells(element, path);
  const start = requiredDate(episode, cells, 'AssessmentActualStartDate', refused('the assessment'));
  if (start === BAD) {
    child.refusedAny = true;
    return;
  }
  if (
    !child.firstUnder(
      episode.seen,
      `assessment:${start}`,
      element,
      path,
      'assessment',
      'AssessmentActualStartDate',
    )
  )
    return;
  const part = `${referral}:assessment:${start}`;
  child.emit(`${part}:start`, eventDraft('assessment.started', start), element, path);
  const authorised = dateWithin(episode, cells, 'AssessmentAuthorisationDate', refused('the authorisation'), {
    day: start,
    leaf: 'AssessmentActualStartDate',
  });
  if (authorised === BAD) child.refusedAny = true;
  if (typeof authorised === 'string') {
    child.emit(`${part}:completed`, eventDraft('assessment.completed', authorised), element, path);
    child.emit(`${part}:authorised`, eventDraft('assessment.authorised', authorised), element, path);
  }
}

/** A plan (CIN or CP): its start and, once it has one, its end. Returns its dates and cells, when its start was imported. */
function plan(
  episode: Episode,
  element: XmlElement,
  path: string,
  leaves: { start: string; end: string },
  kind: 'cin-plan' | 'cp-plan',
  what: string,
): { start: string; end: string | null; cells: ElementCells } | null {
  const { child, referral } = episode;
  const cells = child.cells(element, path);
  const start = requiredDate(episode, cells, leaves.start, refused(`the ${what}`));
  if (start === BAD) {
    child.refusedAny = true;
    return null;
  }
  if (!child.firstUnder(episode.seen, `${kind}:${start}`, element, path, what, leaves.start)) return null;
  const type = kind === 'cin-plan' ? 'cin_plan' : 'cp_plan';
  child.emit(`${referral}:${kind}:${start}:start`, eventDraft(`${type}.started`, start), element, path);
  const end = dateWithin(episode, cells, leaves.end, refused(`the ${what}'s end`), {
    day: start,
    leaf: leaves.start,
  });
  if (end === BAD) child.refusedAny = true;
  if (typeof end === 'string')
    child.emit(`${referral}:${kind}:${start}:end`, eventDraft(`${type}.ended`, end), element, path);
  return { start, end: typeof end === 'string' ? end : null, cells };
}

/** A child protection plan: its start and end, its categories of abuse, and its review conferences. */
function protectionPlan(episode: Episode, element: XmlElement) {
  const { child, referral } = episode;
  const path = 'CINdetails/ChildProtectionPlans';
  const read = plan(
    episode,
    element,
    path,
    { start: 'CPPstartDate', end: 'CPPendDate' },
    'cp-plan',
    'child protection plan',
  );
  if (read === null) return;
  const { start, end, cells } = read;
  for (const leaf of ['InitialCategoryOfAbuse', 'LatestCategoryOfAbuse']) {
    checkCode(cells, leaf, 'category-of-abuse', importedWithout('the plan'));
  }
  const reviews = new Map<string, Seen>();
  const reviewPath = `${path}/Reviews`;
  for (const review of allOf(element, 'Reviews').flatMap((each) => allOf(each, 'CPPreviewDate'))) {
    const reviewCells = child.cells(holding(review), reviewPath);
    const outcome = refused('the review');
    const day = dateWithin(episode, reviewCells, 'CPPreviewDate', outcome, {
      day: start,
      leaf: 'CPPstartDate',
    });
    const inPlan =
      typeof day === 'string' && end !== null && day > end
        ? reviewCells.settled(outcome, () =>
            reviewCells.problem('CPPreviewDate', "is after the plan's CPPendDate"),
          )
        : day;
    if (inPlan === BAD) child.refusedAny = true;
    if (
      typeof inPlan !== 'string' ||
      !child.firstUnder(reviews, inPlan, review, reviewPath, 'review', 'CPPreviewDate')
    )
      continue;
    child.emit(
      `${referral}:cp-plan:${start}:review:${inPlan}`,
      eventDraft('conference.held', inPlan, {
        conferenceType: 'review',
        outcome: inPlan === end ? 'end' : 'continue',
      }),
      review,
      reviewPath,
    );
  }
}

/** An initial conference on `day`: it made a plan when one of the episode's plans starts that day. */
function initialConference(episode: Episode, day: string, element: XmlElement, path: string) {
  const part = `${episode.referral}:icpc:${day}`;
  if (episode.seen.has(part)) return;
  episode.seen.set(part, { line: element.line, signature: day });
  const outcome = episode.planStarts.has(day) ? 'plan' : 'no-plan';
  episode.child.emit(
    part,
    eventDraft('conference.held', day, { conferenceType: 'initial', outcome }),
    element,
    path,
  );
}

/** A section 47 enquiry: the strategy discussion that started it, and its initial conference. */
function enquiry(episode: Episode, element: XmlElement) {
  const { child, referral } = episode;
  const path = 'CINdetails/Section47';
  const cells = child.cells(element, path);
  const start = requiredDate(episode, cells, 'S47ActualStartDate', refused('the enquiry'));
  if (start === BAD) {
    child.refusedAny = true;
    return;
  }
  if (!child.firstUnder(episode.seen, `s47:${start}`, element, path, 'enquiry', 'S47ActualStartDate')) return;
  // The census dates the strategy discussion that started the enquiry; the enquiry starts with it.
  child.emit(
    `${referral}:s47:${start}:strategy`,
    eventDraft('strategy_discussion.held', start, { s47Initiated: true }),
    element,
    path,
  );
  child.emit(`${referral}:s47:${start}:start`, eventDraft('s47.started', start), element, path);
  const conference = dateWithin(episode, cells, 'DateOfInitialCPC', refused('the initial conference'), {
    day: start,
    leaf: 'S47ActualStartDate',
  });
  const notRequired = cells.settled(importedWithout('the enquiry'), () => cells.flag('ICPCnotRequired'));
  if (conference === BAD) child.refusedAny = true;
  // No conference was needed, but the census does not say when the enquiry ended: nothing can stand
  // for its end without making up a date, so in an episode still open the conference stays due, and
  // the council is told why.
  if (notRequired === true && (typeof conference === 'string' || episode.closed === null)) {
    const [message, says] =
      typeof conference === 'string'
        ? [
            'says no initial conference was needed, yet the enquiry has DateOfInitialCPC',
            'the conference was imported',
          ]
        : [
            "says no initial conference was needed, but the census does not date the enquiry's end",
            'its initial conference shows as due until the case system sends the end (s47.completed)',
          ];
    cells.settled({ says, imported: true }, () => cells.problem('ICPCnotRequired', message));
  }
  if (typeof conference === 'string') initialConference(episode, conference, element, path);
}

/** One `CINdetails`: an episode of need, from the referral to its closure, and all that happened in it. */
function episodeOf(child: ChildReading, element: XmlElement) {
  const path = 'CINdetails';
  const cells = child.cells(element, path);
  const referral = cells.settled(refused('the episode'), () => cells.date('CINreferralDate'));
  if (referral === null)
    cells.settled(refused('the episode'), () => cells.problem('CINreferralDate', 'is missing'));
  if (typeof referral !== 'string') {
    child.refusedAny = true;
    return;
  }
  if (!child.firstUnder(child.episodes, referral, element, path, 'episode', 'CINreferralDate')) return;
  const closed = cells.settled(refused('the closure'), () => {
    const day = cells.date('CINclosureDate');
    return typeof day === 'string' && day < referral
      ? cells.problem('CINclosureDate', 'is before CINreferralDate')
      : day;
  });
  if (closed === BAD) child.refusedAny = true;
  const kept = importedWithout('the episode');
  checkCode(cells, 'ReferralSource', 'referral-source', kept);
  checkCode(cells, 'PrimaryNeedCode', 'primary-need', kept);
  checkCode(cells, 'ReasonForClosure', 'reason-for-closure', kept);
  cells.settled(kept, () => cells.flag('ReferralNFA'));

  child.emit(`${referral}:referral`, eventDraft('referral.received', referral), element, path);
  if (typeof closed === 'string')
    child.emit(`${referral}:closed`, eventDraft('case.closed', closed), element, path);

  const episode: Episode = {
    child,
    referral,
    closed: typeof closed === 'string' ? closed : null,
    planStarts: new Set(),
    seen: new Map(),
  };
  // Plans first: an initial conference made a plan when one starts on its day.
  const plans = allOf(element, 'ChildProtectionPlans');
  for (const cpp of plans) {
    const start = child.cells(cpp, `${path}/ChildProtectionPlans`).text('CPPstartDate');
    episode.planStarts.add(start);
  }
  for (const each of allOf(element, 'Assessments')) assessment(episode, each);
  for (const each of allOf(element, 'CINPlanDates')) {
    plan(
      episode,
      each,
      `${path}/CINPlanDates`,
      { start: 'CINPlanStartDate', end: 'CINPlanEndDate' },
      'cin-plan',
      'child in need plan',
    );
  }
  for (const each of allOf(element, 'Section47')) enquiry(episode, each);
  const conference = dateWithin(episode, cells, 'DateOfInitialCPC', refused('the initial conference'));
  if (conference === BAD) child.refusedAny = true;
  if (typeof conference === 'string') initialConference(episode, conference, element, path);
  for (const cpp of plans) protectionPlan(episode, cpp);
  return episode;
}

/** Text where the census has only elements, anywhere in the child's known elements. */
function strayText(child: ChildReading, element: XmlElement, path: string) {
  if (CONTAINERS.has(element.name) && element.textLine !== null) {
    child.problems.push({
      file: child.file,
      child: child.id,
      column: path,
      line: element.textLine,
      message: 'has text between its elements, where the census has none; it was ignored',
      imported: true,
    });
  }
  for (const inner of element.elements) {
    if (CONTAINERS.has(inner.name)) strayText(child, inner, `${path}/${inner.name}`);
  }
}

/** A child's `ChildIdentifiers`. */
const identifiersOf = (record: XmlElement) =>
  firstOf(record, 'ChildIdentifiers') ?? absent('ChildIdentifiers', record.line);

/** The census's mapping, child by child, across the files of one import. */
class CensusMapping {
  readonly events: MappedEvent[] = [];
  readonly problems: ImportProblem[] = [];
  readonly held: string[] = [];
  /** Children read so far, by LAchildID. */
  private readonly children = new Map<string, Seen>();
  /** The census's ReferenceDate: the first file's that has one, and that file. */
  referenceDate: { file: string; day: string } | null = null;

  constructor(private readonly today: string) {}

  /** The LAchildID of a child record, when it is usable as a case reference. */
  private idOf(file: string, record: XmlElement): string | null {
    const identifiers = identifiersOf(record);
    const cells = new ElementCells({ file }, identifiers, 'ChildIdentifiers', this.today, this.problems);
    const id = cells.settled(refused('the child'), () => cells.caseId('LAchildID'));
    if (id === null)
      cells.settled(refused('the child'), () =>
        cells.problem('LAchildID', 'is missing: a child needs its LAchildID'),
      );
    return typeof id === 'string' ? id : null;
  }

  /** Maps one child's record. */
  child(file: string, record: XmlElement) {
    const id = this.idOf(file, record);
    if (id === null) return;
    const child = new ChildReading(file, id, this.today, this.problems, this.events);
    if (child.firstUnder(this.children, id, record, 'Child', 'child', 'LAchildID'))
      this.mapChild(child, record);
    if (child.refusedAny) this.held.push(`${CIN_SECTION}:${id}`);
  }

  private mapChild(child: ChildReading, record: XmlElement) {
    strayText(child, record, 'Child');
    const identifiers = identifiersOf(record);
    const idCells = child.cells(identifiers, 'ChildIdentifiers');
    const born = idCells.settled(importedWithout('the child'), () => idCells.date('PersonBirthDate'));
    const died = idCells.settled(importedWithout('the child'), () => idCells.date('PersonDeathDate'));
    if (typeof born === 'string') {
      child.emit(
        'born',
        eventDraft('child.updated', born, { dateOfBirth: born }),
        identifiers,
        'ChildIdentifiers',
      );
    }
    this.disability(child, record, born);
    const episodes = allOf(record, 'CINdetails').map((details) => episodeOf(child, details));
    if (
      typeof died === 'string' &&
      episodes.some((episode) => episode !== undefined && episode.closed === null)
    ) {
      idCells.settled(
        { says: 'its deadlines go on until the case system closes the case', imported: true },
        () => idCells.problem('PersonDeathDate', 'is given, yet an episode has no CINclosureDate'),
      );
    }
  }

  /** Whether the child is disabled: any code of `Disabilities` but `NONE`, dated from birth (the census has no date for it). */
  private disability(child: ChildReading, record: XmlElement, born: string | null | Bad) {
    const characteristics = firstOf(record, 'ChildCharacteristics');
    const disabilities = characteristics && firstOf(characteristics, 'Disabilities');
    if (!disabilities) return;
    const path = 'ChildCharacteristics/Disabilities';
    let disabled: XmlElement | undefined;
    for (const code of allOf(disabilities, 'Disability')) {
      const cells = child.cells(holding(code), path);
      const reading = cells.settled(refused('the disability'), () =>
        cells.dfeCode('Disability', 'disability'),
      );
      if (reading === BAD) child.refusedAny = true;
      else if (reading?.meaning === true) disabled ??= code;
    }
    if (disabled === undefined) return;
    if (typeof born !== 'string') {
      child.problem(
        disabled,
        `${path}/Disability`,
        'has no PersonBirthDate to date the disability from; the disability was not imported',
      );
      return;
    }
    child.emit('disabled', eventDraft('child.updated', born, { disabled: true }), disabled, path);
  }

  /**
   * Reads one census file, its problems in line order; whether what it does not list can be withdrawn:
   * it was read whole (to its end, well-formed) and its year is told.
   */
  readFile(file: SourceFile): boolean {
    const first = this.problems.length;
    const whole = this.readWhole(file);
    // Problems of the XML as a whole are found after the children around them.
    const found = this.problems.splice(first).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    for (const problem of found) this.problems.push(problem);
    return whole;
  }

  private readWhole(file: SourceFile): boolean {
    let read = 0;
    const outline = readXmlRecords(
      file.text,
      CHILD_PATH,
      (record) => {
        read += 1;
        this.child(file.name, record);
      },
      HEADER_PATH,
    );
    for (const stray of outline.strayText) {
      this.problems.push({
        file: file.name,
        column: stray.element,
        line: stray.line,
        message: 'has text between its elements, where the census has none; it was ignored',
        imported: true,
      });
    }
    if (outline.root === null || outline.root !== CHILD_PATH[0]) {
      this.problems.push({
        file: file.name,
        message:
          outline.root === null
            ? 'has no XML element: it is not a CIN census; nothing in it was imported'
            : 'is not a CIN census: its first element is not Message; nothing in it was imported',
      });
      return false;
    }
    if (outline.broken !== null) {
      this.problems.push(this.breakProblem(file.name, outline.broken, read));
      return false;
    }
    if (!outline.foundRecords) {
      this.problems.push({
        file: file.name,
        message: 'has no Message/Children element: it holds no children; nothing in it was imported',
      });
      return false;
    }
    if (outline.afterRoot !== null) {
      this.problems.push({
        file: file.name,
        line: outline.afterRoot,
        message: 'has something after the end of Message, which was ignored',
        imported: true,
      });
    }
    return this.yearTold(file.name, outline.header);
  }

  /**
   * Whether the header of a census read whole tells its year (its ReferenceDate, the year's last day),
   * the same year as the files before it. Without it, what a census does not list cannot be told
   * from what is outside its year, so nothing is withdrawn, and a problem says why.
   */
  private yearTold(file: string, header: XmlElement | null): boolean {
    const details = header && firstOf(header, 'CollectionDetails');
    const element = details && firstOf(details, 'ReferenceDate');
    const day = element ? dayOf(element.text) : null;
    const place = { file, column: REFERENCE_DATE, ...(element && { line: element.line }) };
    const outcome = 'so nothing imported before from this census is withdrawn';
    if (day === null || !isImportableDay(day)) {
      const what = element?.text ? 'is not a date' : 'is missing';
      this.problems.push({
        ...place,
        message: `${what}: the census’s year cannot be told, ${outcome}`,
        imported: true,
      });
      return false;
    }
    this.referenceDate ??= { file, day };
    if (this.referenceDate.day === day) return true;
    this.problems.push({
      ...place,
      message: `is not that of ${this.referenceDate.file}: the files are censuses of different years, ${outcome}`,
      imported: true,
    });
    return false;
  }

  /** Where the XML broke, by line and the census elements open there, and what that cost. */
  private breakProblem(file: string, broken: NonNullable<XmlOutline['broken']>, read: number): ImportProblem {
    const known = broken.open.filter(
      (name) => CONTAINERS.has(name) || LEAVES.has(name) || name === 'Message' || name === 'Children',
    );
    const identifiers = broken.partial && firstOf(broken.partial, 'ChildIdentifiers');
    const id = (identifiers && firstOf(identifiers, 'LAchildID')?.text.trim()) ?? '';
    const what = broken.cutShort
      ? 'ends before the census does: the file is cut short'
      : `is not well-formed XML from line ${broken.line}, column ${broken.column}`;
    const imported =
      read === 0
        ? 'no child was read whole before it, so none was imported'
        : read === 1
          ? 'the 1 child read whole before it was imported, nothing from there on was'
          : `the ${read} children read whole before it were imported, nothing from there on was`;
    return {
      file,
      ...(caseIdSchema.safeParse(id).success && { child: id }),
      ...(known.length > 0 && { column: known.join('/') }),
      line: broken.line,
      message: `${what}; ${imported}, and nothing imported before from this census is withdrawn`,
    };
  }
}

/** Reads CIN census files (normally one) as events, as of the London day `today`. */
export function readCinCensus(files: readonly SourceFile[], today: string): MappedExtract {
  const mapping = new CensusMapping(today);
  let whole = files.length > 0;
  for (const file of files) whole = mapping.readFile(file) && whole;
  const year = whole ? mapping.referenceDate : null;
  return {
    events: mapping.events,
    problems: mapping.problems,
    sections: year ? [CIN_SECTION] : [],
    held: mapping.held,
    ...(year && { period: yearEndingOn(year.day) }),
  };
}
