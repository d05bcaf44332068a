/** The timeliness figures' store in memory, for tests and for the in-process pipeline. */
import { canonicalJson } from '../../../events/index.ts';
import type { KeptFigures, TimelinessStore } from '../../core/ports.ts';
import type { Grouping } from '../../core/timeliness/figures.ts';
import type { CaseMonth, StoredCaseMonth } from '../../core/timeliness/stored.ts';

/** {@link TimelinessStore} in maps, with the same version rule and change count as the table's. */
export class MemoryTimelinessStore implements TimelinessStore {
  private readonly versions = new Map<string, number>();
  /** Month → case → its month. */
  private readonly months = new Map<string, Map<string, CaseMonth>>();
  private readonly changes = new Map<string, number>();
  private readonly kept = new Map<string, KeptFigures>();

  async replaceCase(caseId: string, version: number, months: readonly CaseMonth[]) {
    const current = this.versions.get(caseId);
    if (current !== undefined && current >= version) return 'stale' as const;
    this.versions.set(caseId, version);
    const wanted = new Map(months.map((month) => [month.month, month]));
    for (const [name, cases] of this.months) {
      if (!wanted.has(name) && cases.delete(caseId)) this.changed(name);
    }
    for (const month of months) {
      let cases = this.months.get(month.month);
      if (!cases) {
        cases = new Map();
        this.months.set(month.month, cases);
      }
      const held = cases.get(caseId);
      if (held && canonicalJson(held) === canonicalJson(month)) continue;
      cases.set(caseId, structuredClone(month));
      this.changed(month.month);
    }
    return 'replaced' as const;
  }

  private changed(month: string) {
    this.changes.set(month, (this.changes.get(month) ?? 0) + 1);
  }

  async monthOf(month: string): Promise<StoredCaseMonth[]> {
    return [...(this.months.get(month) ?? [])]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([caseId, stored]) => ({ caseId, month: structuredClone(stored) }));
  }

  async changesOf(month: string): Promise<number> {
    return this.changes.get(month) ?? 0;
  }

  async keptFigures(month: string, by: Grouping): Promise<KeptFigures | null> {
    const kept = this.kept.get(`${month}#${by}`);
    return kept ? structuredClone(kept) : null;
  }

  async keepFigures(month: string, by: Grouping, kept: KeptFigures): Promise<void> {
    this.kept.set(`${month}#${by}`, structuredClone(kept));
  }
}
