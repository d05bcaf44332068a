/**
 * The ports kept in memory: for unit tests of the handlers' logic and for trying the pipeline without
 * a table. Same contracts as the DynamoDB adapter (a test suite holds both to them).
 */
import { type CaseEvent, canonicalJson } from '../../../events/index.ts';
import type {
  AppendOutcome,
  CaseEventStore,
  ClaimOutcome,
  DeadlineStore,
  LedgerNotice,
  LedgerRecord,
  NoticeLedger,
  QuarantineEntry,
  QuarantineStore,
  StoredDeadline,
} from '../../core/ports.ts';

export class MemoryCaseEventStore implements CaseEventStore {
  private readonly byId = new Map<string, { body: string; event: CaseEvent }>();

  async append(event: CaseEvent): Promise<AppendOutcome> {
    const body = canonicalJson(event);
    const seen = this.byId.get(event.id);
    if (!seen) {
      this.byId.set(event.id, { body, event: structuredClone(event) });
      return 'stored';
    }
    return seen.body === body ? 'duplicate' : 'conflict';
  }

  async eventsOf(caseId: string): Promise<CaseEvent[]> {
    return [...this.byId.values()]
      .filter((e) => e.event.caseId === caseId)
      .map((e) => structuredClone(e.event));
  }

  async *caseIds(): AsyncIterable<string> {
    yield* new Set([...this.byId.values()].map((e) => e.event.caseId));
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
    this.cases.set(caseId, { version, deadlines: structuredClone([...deadlines]) });
    return 'replaced' as const;
  }

  async deadlinesOf(caseId: string): Promise<StoredDeadline[]> {
    return structuredClone(this.cases.get(caseId)?.deadlines ?? []);
  }

  async setNextAction(caseId: string, rule: string, occurrence: number, nextActionAt: string | null) {
    const stored = this.cases
      .get(caseId)
      ?.deadlines.find((d) => d.deadline.rule === rule && d.deadline.occurrence === occurrence);
    if (stored) stored.nextActionAt = nextActionAt;
  }

  async *dueBy(asOf: string): AsyncIterable<StoredDeadline> {
    for (const { deadlines } of this.cases.values()) {
      for (const deadline of deadlines) {
        if (deadline.nextActionAt !== null && deadline.nextActionAt <= asOf) yield structuredClone(deadline);
      }
    }
  }
}

export class MemoryNoticeLedger implements NoticeLedger {
  readonly entries = new Map<string, LedgerRecord & { leaseUntil: string }>();

  async claim(notice: LedgerNotice, now: string, leaseSeconds: number): Promise<ClaimOutcome> {
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

  async markSent(notice: LedgerNotice, at: string, messageId: string | null) {
    this.update(notice, { state: 'sent', sentAt: at, messageId });
  }

  async markFailed(notice: LedgerNotice, at: string, reason: string) {
    this.update(notice, { state: 'failed', failedAt: at, reason });
  }

  async noticesOf(caseId: string): Promise<LedgerRecord[]> {
    return [...this.entries.values()]
      .filter((entry) => entry.caseId === caseId)
      .map(({ leaseUntil: _, ...record }) => structuredClone(record))
      .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt) || a.key.localeCompare(b.key));
  }

  private update(notice: LedgerNotice, values: Partial<LedgerRecord>) {
    const entry = this.entries.get(notice.key);
    if (entry) Object.assign(entry, values);
  }
}
