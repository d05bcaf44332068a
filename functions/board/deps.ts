/**
 * What the board needs from the world, as small interfaces adapters implement: the Lambda's over
 * DynamoDB and the Powertools logger (`functions/handlers/board.ts`), the laptop's over the local store
 * (`local/board-serve.ts`), and test doubles. The board itself does no I/O but through these.
 */
import type { CaseEvent } from '../../events/index.ts';
import type { BoardAction } from '../core/actions/index.ts';
import type { DirectoryData } from '../core/directory/model.ts';
import type { CaseAllocation, CaseEvaluation, Moment, Profile } from '../core/engine/index.ts';
import type { ActionTextStore } from '../core/ports.ts';
import type { Grouping, MonthlyFigures } from '../core/timeliness/index.ts';
import type { Tracker, TrackerEntry } from '../core/trackers/index.ts';
import type { IngestSummary } from '../ingest/ingest.ts';
import type { ReaderLine } from './access.ts';
import type { Session, SignIn } from './sign-in.ts';

/**
 * Whose cases a tracker page asks for: those of a set of units (a manager's line, or the unit they
 * narrowed it to), or those allocated to one worker. Bounded by what the page shows, so a store can
 * answer it from an index by unit rather than by reading every case.
 */
export type TrackerScope = { units: readonly string[] } | { allocatedTo: string };

/** A child on a tracker, with where their case sits (its unit, null when the directory lacks it). */
export interface BoardEntry {
  unitId: string | null;
  allocation: CaseAllocation | null;
  entry: TrackerEntry;
}

/** One case as the board reads it: its events and the engine's evaluation of them as of the moment asked. */
export interface BoardCase {
  events: CaseEvent[];
  evaluation: CaseEvaluation;
}

/** What the board reads. */
export interface BoardReader {
  /** The staff directory (reporting lines, units and names). */
  directory(): Promise<DirectoryData>;
  /**
   * The entries on one tracker of the cases in `scope`, as of `asOf`. This read, `actions` and
   * `timeliness` work from `directory`: the one the request read to check its reader's line.
   */
  trackerEntries(
    scope: TrackerScope,
    tracker: Tracker,
    asOf: Moment,
    directory: DirectoryData,
  ): Promise<BoardEntry[]>;
  /** One case as of `asOf`, or null when the store has no events for it. */
  caseOf(caseId: string, asOf: Moment): Promise<BoardCase | null>;
  /** The board's open actions on the cases in `scope` as of `asOf`: what the agenda reads. */
  actions(scope: TrackerScope, asOf: Moment, directory: DirectoryData): Promise<BoardAction[]>;
  /**
   * The council's timeliness figures of the months from `span.from` to `span.to` (`YYYY-MM`), by team
   * or by worker, as of `asOf`: what the timeliness page filters to the reader's line.
   */
  timeliness(
    span: { from: string; to: string },
    by: Grouping,
    asOf: Moment,
    directory: DirectoryData,
  ): Promise<MonthlyFigures>;
}

/** One read of a case: who read it, which case, when (ISO instant), and on which page. Nothing else. */
export interface CaseRead {
  at: string;
  staffId: string;
  caseId: string;
  view: 'case' | 'tracker' | 'agenda';
}

/**
 * The audit trail of reads: every case a page shows is one {@link CaseRead}. A file under the data
 * directory locally; a structured log line on AWS.
 */
export interface ReadAudit {
  record(reads: readonly CaseRead[]): Promise<void>;
}

/**
 * Sends events the board made (actions) through the same ingest as `POST /events`: checked against
 * the contract, stored, and their cases recomputed.
 */
export type SendEvents = (events: readonly CaseEvent[]) => Promise<IngestSummary>;

/** Everything {@link createBoardApp} is built from. */
export interface BoardDeps {
  signIn: SignIn;
  board: BoardReader;
  /**
   * The actions' texts, encrypted at rest: put when an action is recorded, read for a case page or the
   * agenda shown to a reader whose line includes the case.
   */
  actionTexts: ActionTextStore;
  send: SendEvents;
  audit: ReadAudit;
  now: () => Date;
  /** The rules the deadlines and stalled flags are worked out by. */
  profile: Profile;
  /**
   * The board's own origin (`https://board.council.example`, `http://127.0.0.1:4733`): a form posted
   * from any other is refused.
   */
  origin: string;
  /** The key of the forms' CSRF tokens; at least 32 random bytes, kept secret. */
  csrfSecret: string;
}

/** What the board's middleware puts on a request for its handlers. */
export interface BoardVariables {
  session: Session;
  line: ReaderLine;
  directoryData: DirectoryData;
}

/** The board's Hono environment. */
export interface BoardEnv {
  Variables: BoardVariables;
}
