/**
 * The ports kept in memory: for unit tests of the handlers' logic and for trying the pipeline without
 * a table. Same contracts as the DynamoDB adapter (a test suite holds both to them).
 */
import { type CaseEvent, canonicalJson } from '../../../events/index.ts';
import { checkWholeCases, importIdSource } from '../../core/imports/reconcile.ts';
import { keptNextAction } from '../../core/notices/plan.ts';
import type {
  AppendedCase,
  AppendOutcome,
  CaseComputation,
  CaseEventStore,
  CaseEvents,
  ClaimOutcome,
  CountedDeadline,
  DeadlineStore,
  DueDeadline,
  HeldLine,
  HeldRecord,
  LedgerNotice,
  LedgerRecord,
  NoticeLedger,
  NoticeOutbox,
  QuarantineEntry,
  QuarantineStore,
  RecomputeMark,
  RecomputeMarks,
  StoredDeadline,
  SummaryLedgerNotice,
  WeeklyRunLog,
  WeeklyRunState,
} from '../../core/ports.ts';

export class MemoryCaseEventStore implements CaseEventStore {
  private readonly byId = new Map<string, { body: string; event: CaseEvent }>();
  /** Each case's events, so reading a case costs its own history, not the whole store's. */
  private readonly byCase = new Map<string, CaseEvent[]>();
  /** Which path holds each import source's ids, once one has written such an id. */
  private readonly owners = new Map<string, 'bulk' | 'ingest'>();

  async append(event: CaseEvent): Promise<AppendOutcome> {
    const source = importIdSource(event.id);
    if (source !== null && this.ownerOf(source, 'ingest') === 'bulk') {
      // Only appendCases writes these ids: this can only be a resend of one its case holds.
      const held = this.heldByCase(event);
      return held === 'stored' ? 'reserved' : held;
    }
    const body = canonicalJson(event);
    const seen = this.byId.get(event.id);
    if (!seen) {
      this.store(event, body);
      return 'stored';
    }
    return seen.body === body ? 'duplicate' : 'conflict';
  }

  async claimSource(source: string): Promise<boolean> {
    return this.ownerOf(source, 'bulk') === 'bulk';
  }

  async appendCases(
    source: string,
    cases: readonly CaseEvents[],
    _receivedAt: string,
  ): Promise<AppendedCase[]> {
    checkWholeCases(source, cases);
    if (!(await this.claimSource(source))) {
      throw new Error(`the ids of source ${source} are stored one event at a time in this store`);
    }
    return cases.map(({ caseId, events }) => {
      const outcomes = events.map((event) => {
        const outcome = this.heldByCase(event);
        if (outcome === 'stored') this.store(event, canonicalJson(event));
        return outcome;
      });
      return { caseId, outcomes, events: structuredClone(this.byCase.get(caseId) ?? []) };
    });
  }

  async eventsOf(caseId: string): Promise<CaseEvent[]> {
    return structuredClone(this.byCase.get(caseId) ?? []);
  }

  async *caseIds(): AsyncIterable<string> {
    yield* [...this.byCase.keys()];
  }

  /** What the event's case makes of it: a `duplicate` or `conflict` of an event it holds, else new (`stored`). */
  private heldByCase(event: CaseEvent): AppendOutcome {
    const held = this.byCase.get(event.caseId)?.find((stored) => stored.id === event.id);
    if (held === undefined) return 'stored';
    return canonicalJson(held) === canonicalJson(event) ? 'duplicate' : 'conflict';
  }

  private store(event: CaseEvent, body: string) {
    const stored = structuredClone(event);
    this.byId.set(event.id, { body, event: stored });
    this.byCase.set(event.caseId, [...(this.byCase.get(event.caseId) ?? []), stored]);
  }

  private ownerOf(source: string, wanted: 'bulk' | 'ingest'): 'bulk' | 'ingest' {
    const owner = this.owners.get(source) ?? wanted;
    this.owners.set(source, owner);
    return owner;
  }
}

export class MemoryQuarantineStore implements QuarantineStore {
  readonly entries: QuarantineEntry[] = [];

  async put(entry: QuarantineEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async onDay(day: string): Promise<QuarantineEntry[]> {
    return this.entries.filter((entry) => entry.receivedAt.startsWith(day));
  }
}

export class MemoryDeadlineStore implements DeadlineStore {
  private readonly cases = new Map<string, { version: number; deadlines: StoredDeadline[] }>();

  async replaceCase(caseId: string, version: number, deadlines: readonly StoredDeadline[]) {
    const current = this.cases.get(caseId);
    if (current && current.version >= version) return 'stale' as const;
    const before = new Map(current?.deadlines.map((stored) => [occurrenceKey(stored), stored]));
    const kept = deadlines.map(({ handledUntil: _, ...computed }) => ({
      ...structuredClone(computed),
      ...keptNextAction(computed, before.get(occurrenceKey(computed))),
    }));
    this.cases.set(caseId, { version, deadlines: kept });
    return 'replaced' as const;
  }

  async replaceCases(computations: readonly CaseComputation[]) {
    const outcomes: ('replaced' | 'stale')[] = [];
    for (const { caseId, version, deadlines } of computations) {
      outcomes.push(await this.replaceCase(caseId, version, deadlines));
    }
    return outcomes;
  }

  async deadlinesOf(caseId: string): Promise<StoredDeadline[]> {
    return structuredClone(this.cases.get(caseId)?.deadlines ?? []);
  }

  async setNextAction(
    read: DueDeadline,
    nextActionAt: string | null,
    handledUntil: string,
  ): Promise<'moved' | 'changed'> {
    const current = this.cases.get(read.caseId);
    const stored = current?.deadlines.find((d) => occurrenceKey(d) === occurrenceKey(read));
    if (!stored || current?.version !== read.version || stored.nextActionAt !== read.nextActionAt) {
      return 'changed';
    }
    stored.nextActionAt = nextActionAt;
    stored.handledUntil = handledUntil;
    return 'moved';
  }

  async *dueBy(asOf: string): AsyncIterable<DueDeadline> {
    // Compared as instants: an ISO instant may be written with any offset.
    const asOfMs = Date.parse(asOf);
    for (const { version, deadlines } of this.cases.values()) {
      for (const deadline of deadlines) {
        if (deadline.nextActionAt !== null && Date.parse(deadline.nextActionAt) <= asOfMs) {
          yield { ...structuredClone(deadline), version };
        }
      }
    }
  }

  async *all(): AsyncIterable<CountedDeadline> {
    for (const { deadlines } of this.cases.values()) {
      for (const { plan: _plan, handledUntil: _handled, ...counted } of deadlines)
        yield structuredClone(counted);
    }
  }
}

/** A deadline occurrence's identity within its case. */
const occurrenceKey = ({ deadline }: StoredDeadline) => `${deadline.rule}#${deadline.occurrence}`;

/** {@link RecomputeMarks} in memory. */
export class MemoryRecomputeMarks implements RecomputeMarks {
  readonly marks = new Map<string, RecomputeMark>();
  private counter = 0;

  async mark(caseId: string, at: string): Promise<string> {
    const token = `${at}#${++this.counter}`;
    this.marks.set(caseId, { caseId, markedAt: at, token });
    return token;
  }

  async markCases(caseIds: readonly string[], at: string): Promise<string[]> {
    const tokens: string[] = [];
    for (const caseId of caseIds) tokens.push(await this.mark(caseId, at));
    return tokens;
  }

  async clear(caseId: string, token: string): Promise<void> {
    if (this.marks.get(caseId)?.token === token) this.marks.delete(caseId);
  }

  async pending(): Promise<RecomputeMark[]> {
    return structuredClone([...this.marks.values()]);
  }
}

/** {@link WeeklyRunLog} in memory. */
export class MemoryWeeklyRunLog implements WeeklyRunLog {
  readonly weeks = new Map<string, WeeklyRunState>();

  async stateOf(weekStart: string): Promise<WeeklyRunState | null> {
    return this.weeks.get(weekStart) ?? null;
  }

  async record(weekStart: string, state: WeeklyRunState, _at: string): Promise<void> {
    this.weeks.set(weekStart, state);
  }
}

/** A ledger entry as kept: a case's notice or a summary, its state and its lease. */
type MemoryLedgerEntry = (LedgerRecord | (SummaryLedgerNotice & Omit<LedgerRecord, keyof LedgerNotice>)) & {
  leaseUntil: string;
};

export class MemoryNoticeLedger implements NoticeLedger {
  readonly entries = new Map<string, MemoryLedgerEntry>();

  async claim(
    notice: LedgerNotice | SummaryLedgerNotice,
    now: string,
    leaseSeconds: number,
  ): Promise<ClaimOutcome> {
    const entry = this.entries.get(notice.key);
    const claimable =
      !entry ||
      (entry.state !== 'sent' && entry.message === notice.message) ||
      (entry.state === 'claimed' && entry.leaseUntil < now) ||
      entry.state === 'failed';
    if (!claimable) return 'taken';
    const leaseUntil = new Date(Date.parse(now) + leaseSeconds * 1000).toISOString();
    this.entries.set(notice.key, { ...notice, state: 'claimed', claimedAt: now, leaseUntil });
    return 'claimed';
  }

  async markSent(notice: LedgerNotice | SummaryLedgerNotice, at: string, messageId: string | null) {
    this.update(notice, { state: 'sent', sentAt: at, messageId });
  }

  async markFailed(notice: LedgerNotice | SummaryLedgerNotice, at: string, reason: string) {
    this.update(notice, { state: 'failed', failedAt: at, reason });
  }

  async noticesOf(caseId: string): Promise<LedgerRecord[]> {
    return [...this.entries.values()]
      .filter((entry): entry is LedgerRecord & { leaseUntil: string } => entry.caseId === caseId)
      .map(({ leaseUntil: _, ...record }) => structuredClone(record))
      .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt) || a.key.localeCompare(b.key));
  }

  private update(notice: LedgerNotice | SummaryLedgerNotice, values: Partial<LedgerRecord>) {
    const entry = this.entries.get(notice.key);
    if (entry) Object.assign(entry, values);
  }
}

/** What the runs held while sending was paused, by day and line key. */
export class MemoryNoticeOutbox implements NoticeOutbox {
  readonly days = new Map<string, Map<string, HeldRecord>>();

  async hold(day: string, heldAt: string, lines: readonly HeldLine[]): Promise<void> {
    const held = this.days.get(day) ?? new Map<string, HeldRecord>();
    for (const line of lines) held.set(line.key, structuredClone({ ...line, day, heldAt }));
    this.days.set(day, held);
  }

  async heldOn(day: string): Promise<HeldRecord[]> {
    return structuredClone([...(this.days.get(day)?.values() ?? [])]);
  }
}
