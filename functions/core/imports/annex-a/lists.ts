/**
 * Ofsted's Annex A lists as the import knows them: each list's columns, by the names Ofsted's template
 * gives them and the variants councils' exports use, and which of them tell the list apart from the
 * others. A sheet or file is recognised by its header, never by its name: column names are compared
 * with case, spaces and punctuation ignored (`Date of the Last Statutory Visit` is
 * `date of last statutory visit`). Columns the mapping does not read (names, ethnicity, workers,
 * addresses) are never read.
 */

/** One column the import reads: its name in Ofsted's template, and what a header cell may say for it. */
export interface ColumnSpec {
  /** The name in Ofsted's template, which problems use. */
  readonly name: string;
  /** Matches the header cell, lower-cased with everything but letters and digits removed. */
  readonly header: RegExp;
}

const column = (name: string, header: RegExp): ColumnSpec => ({ name, header });

/** Headers in the form columns are compared in: lower case, only letters and digits (`&` as `and`). */
export const headerForm = (text: string) =>
  text
    .toLowerCase()
    .replaceAll('&', 'and')
    .replace(/[^a-z0-9]/g, '');

/** The columns the import reads, by what they hold. */
export const COLUMNS = {
  child: column('Child Unique ID', /^(unique)?childs?(unique)?(id|identifier|ref|reference|number)$/),
  born: column('Date of Birth', /^(childs?)?(dateofbirth|dob|birthdate)$/),
  disability: column(
    'Does the Child have a Disability',
    /^(doesthechildhaveadisability|disability|disabled)(yn)?$/,
  ),
  contact: column('Date of Contact', /^dateof(the)?contact$/),
  earlyHelpStart: column('Assessment start date', /^(earlyhelp)?assessmentstartdate$/),
  earlyHelpBy: column('Organisation completing assessment', /^organisationcompleting(the)?assessment$/),
  referral: column('Date of referral', /^(dateof(the)?referral|referraldate)$/),
  assessmentStart: column('Continuous Assessment Start Date', /^continuousassessmentstartdate$/),
  assessmentAuthorised: column(
    'Continuous Assessment Date of Authorisation',
    /^(continuousassessment)?(dateof)?authorisation(date)?$|^continuousassessmentauthorisationdate$/,
  ),
  s47Start: column(
    'Strategy discussion initiating Section 47 Enquiry Start Date',
    /^strategydiscussioninitiating(section|s)47enquirystartdate$|^(section|s)47(enquiry)?startdate$/,
  ),
  icpc: column(
    'Date of Initial Child Protection Conference',
    /^dateof(the)?(initialchildprotectionconference|icpc)$|^icpcdate$/,
  ),
  icpcPlan: column(
    'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    /^didthe(initialchildprotectionconference|icpc)resultina(childprotectionplan|cpplan)(yn)?$/,
  ),
  cinStart: column('CIN Start Date', /^(cin|childinneed)(episode)?startdate$/),
  lastSeen: column('Date Child Was Last Seen', /^datechild(was)?lastseen$/),
  cinClosed: column('CIN Closure Date', /^(cin|childinneed)(episode)?closuredate$/),
  caseStatus: column('Case Status', /^casestatus$/),
  cpStart: column('Child Protection Plan Start Date', /^(childprotection|cp)planstartdate$|^cppstartdate$/),
  cpVisit: column('Date of the Last Statutory Visit', /^dateof(the)?laststatutoryvisit$/),
  seenAlone: column('Was the Child Seen Alone?', /^was(the)?childseenalone(yn)?$/),
  cpReview: column(
    'Date of latest review conference',
    /^dateof(the)?latest(childprotection|cp)?reviewconference$/,
  ),
  cpEnd: column('Child Protection Plan End Date', /^(childprotection|cp)planenddate$|^cppenddate$/),
  careStart: column('Date Started to be Looked After', /^datestarted(to)?(be)?lookedafter$/),
  legalStatusStart: column(
    'Start date of current legal status',
    /^startdateof(the)?(current|childs)legalstatus$/,
  ),
  legalStatus: column("Child's Legal Status", /^(childs)?(current)?legalstatus$/),
  cicReview: column('Date of Latest Statutory Review', /^dateof(the)?lateststatutoryreview$/),
  cicVisit: column('Date of Last Social Work Visit', /^dateof(the)?lastsocialworkvisit$/),
  health: column('Date of Last Health Assessment', /^dateof(the)?lasthealthassessment$/),
  careEnd: column('Date Ceased to be Looked After', /^dateceased(to)?(be)?lookedafter$/),
  careEndReason: column('Reason Ceased to be Looked After', /^reasonceased(to)?(be)?lookedafter$/),
  placementStart: column('Start Date of Most Recent Placement', /^startdateof(the)?(most)?recentplacement$/),
  placementType: column('Placement Type', /^(current)?placementtype$/),
  pathwayPlan: column(
    'Latest Pathway Plan Review Date',
    /^(latest|dateof(the)?latest)pathwayplan(review)?(date)?$/,
  ),
  leaverContact: column('Latest Date of Contact', /^latestdateofcontact$|^dateof(the)?latestcontact$/),
  adoptionDecision: column(
    'Date of Decision that Child Should be Placed for Adoption',
    /^dateof(the)?decisionthat(the)?childshouldbeplacedforadoption$|^admdecisiondate$/,
  ),
  placedForAdoption: column('Date Placed for Adoption', /^dateplacedforadoption$/),
  adoptionOrder: column('Date of Adoption Order', /^dateof(the)?adoptionorder$/),
  adopter: column('Individual adopter identifier', /^individualadopteridentifier$|^adopterid(entifier)?$/),
} as const satisfies Record<string, ColumnSpec>;

/** A column the import reads, by its key in {@link COLUMNS}. */
export type ColumnKey = keyof typeof COLUMNS;

/** The columns that hold no date: ids, answers and codes. */
const NOT_DATES: ReadonlySet<ColumnKey> = new Set<ColumnKey>([
  'child',
  'disability',
  'icpcPlan',
  'caseStatus',
  'seenAlone',
  'legalStatus',
  'careEndReason',
  'placementType',
  'earlyHelpBy',
  'adopter',
]);

/** Whether a column holds dates: every column the import reads but ids, answers and codes. */
export const holdsDate = (key: ColumnKey) => !NOT_DATES.has(key);

/** One Annex A list. */
export interface ListSpec {
  /** 1 to 11, as Ofsted numbers them. */
  readonly number: number;
  /** `List 8: children in care`. */
  readonly title: string;
  /** The columns that tell this list apart: a header with all of them is this list's. */
  readonly signature: readonly ColumnKey[];
  /**
   * The column that tells one row of a child from another (the episode's start), with the child's
   * id: a second row with the same is a duplicate. Null where a child has one row (or the list is not
   * mapped).
   */
  readonly episode: ColumnKey | null;
  /** Whether the list makes events: lists 1, 2 and 11 are recognised but carry nothing to start from. */
  readonly mapped: boolean;
  /** Columns whose absence loses facts the council would miss: a missing one is listed. */
  readonly expected: readonly ColumnKey[];
  /** Columns read when present, silently absent otherwise. */
  readonly optional: readonly ColumnKey[];
}

const CHILD_FACTS: readonly ColumnKey[] = ['born', 'disability'];

/** Ofsted's Annex A lists, in order. */
export const ANNEX_A_LISTS: readonly ListSpec[] = [
  {
    number: 1,
    title: 'List 1: contacts',
    signature: ['contact'],
    episode: null,
    mapped: false,
    expected: [],
    optional: [],
  },
  {
    number: 2,
    title: 'List 2: early help assessments',
    signature: ['earlyHelpStart', 'earlyHelpBy'],
    episode: null,
    mapped: false,
    expected: [],
    optional: [],
  },
  {
    number: 3,
    title: 'List 3: referrals',
    signature: ['referral'],
    episode: 'referral',
    mapped: true,
    expected: [],
    optional: ['born'],
  },
  {
    number: 4,
    title: 'List 4: assessments',
    signature: ['assessmentStart'],
    episode: 'assessmentStart',
    mapped: true,
    expected: ['assessmentAuthorised'],
    optional: CHILD_FACTS,
  },
  {
    number: 5,
    title: 'List 5: section 47 enquiries and initial child protection conferences',
    signature: ['s47Start'],
    episode: 's47Start',
    mapped: true,
    expected: ['icpc', 'icpcPlan'],
    optional: CHILD_FACTS,
  },
  {
    number: 6,
    title: 'List 6: children in need',
    signature: ['cinStart'],
    episode: 'cinStart',
    mapped: true,
    expected: ['caseStatus', 'lastSeen', 'cinClosed'],
    optional: CHILD_FACTS,
  },
  {
    number: 7,
    title: 'List 7: child protection',
    signature: ['cpStart'],
    episode: 'cpStart',
    mapped: true,
    expected: ['cpVisit', 'cpReview', 'cpEnd'],
    optional: [...CHILD_FACTS, 'seenAlone'],
  },
  {
    number: 8,
    title: 'List 8: children in care',
    signature: ['careStart'],
    episode: 'careStart',
    mapped: true,
    expected: [
      'legalStatus',
      'legalStatusStart',
      'cicReview',
      'cicVisit',
      'health',
      'careEnd',
      'placementStart',
      'placementType',
    ],
    optional: [...CHILD_FACTS, 'seenAlone', 'careEndReason'],
  },
  {
    number: 9,
    title: 'List 9: care leavers',
    signature: ['pathwayPlan'],
    episode: null,
    mapped: true,
    expected: ['leaverContact'],
    optional: CHILD_FACTS,
  },
  {
    number: 10,
    title: 'List 10: adoption',
    signature: ['adoptionDecision'],
    episode: 'adoptionDecision',
    mapped: true,
    expected: ['placedForAdoption', 'adoptionOrder'],
    optional: CHILD_FACTS,
  },
  {
    number: 11,
    title: 'List 11: adopters',
    signature: ['adopter'],
    episode: null,
    mapped: false,
    expected: [],
    optional: [],
  },
];

/** The section (source key prefix) of a list's events: `list-8`. */
export const sectionOf = (list: ListSpec) => `list-${list.number}`;
