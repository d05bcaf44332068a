/**
 * The gaps the runs would meet in the staff directory, found before they send: for every open deadline
 * (as the `due` index holds it, with the allocation it was computed with), whoever its notices would go
 * to, asked of the directory as a run asks it ({@link Directory}): the allocated worker (or who stands
 * in), the manager the rule names, the levels of its escalation ladder, and, with Teams, the channel of
 * the case's team. Pure: the deadlines, the rules and the directory are passed in. For `los doctor`.
 *
 * Each gap is told by its cause in the run's own words, without its case or who stands in
 * (`allocated worker SW-9 is not in the directory`), with how many cases it touches: ids and levels
 * only. Those that leave a notice with nobody to go to are told apart from those where someone else is
 * told.
 */
import type { Rule } from '../engine/index.ts';
import type { Resolved } from '../notices/compose.ts';
import { levelsAbove } from '../notices/plan.ts';
import type { CaseAllocation } from '../ports.ts';
import type { DirectoryData } from './model.ts';
import { Directory } from './resolve.ts';

/** An open deadline, as the `due` index holds it: its case, its rule and who held the case. */
export interface OpenDeadline {
  readonly caseId: string;
  readonly rule: string;
  readonly allocation: CaseAllocation | null;
}

/** One gap's cause, in the run's words, and how many cases meet it. */
export interface AllocationGap {
  readonly gap: string;
  readonly cases: number;
}

/** What the directory lacks for the open deadlines. */
export interface AllocationGaps {
  /** Open deadlines examined (those of rules the profile has), and their cases. */
  readonly deadlines: number;
  readonly cases: number;
  /** Gaps where nobody at all would be told: notices that would go nowhere. Most cases first. */
  readonly unreachable: readonly AllocationGap[];
  /** Gaps where someone else is told instead (or, for Teams, no card goes). Most cases first. */
  readonly standIns: readonly AllocationGap[];
}

/** What the gaps depend on for one deadline: its allocation, who acts, the ladder's levels above them. */
const addressingKey = (allocation: CaseAllocation | null, owner: string, levels: readonly string[]) =>
  JSON.stringify([allocation?.workerId ?? null, allocation?.teamId ?? null, owner, levels]);

/**
 * The gap's cause in the run's words, without the case they name (`Case CASE-1: `) or who was told
 * instead (`; notice sent to TM-02 instead`), which differs from notice to notice of the same gap.
 */
function causeOf(message: string, caseId: string | undefined): string {
  const prefix = `Case ${caseId}: `;
  const cause = caseId !== undefined && message.startsWith(prefix) ? message.slice(prefix.length) : message;
  const outcome = cause.lastIndexOf('; ');
  return outcome < 0 ? cause : cause.slice(0, outcome);
}

/** Each gap with its cases, most cases first, then by its words. */
const ranked = (found: ReadonlyMap<string, ReadonlySet<string>>): AllocationGap[] =>
  [...found]
    .map(([gap, cases]) => ({ gap, cases: cases.size }))
    .sort((a, b) => b.cases - a.cases || a.gap.localeCompare(b.gap));

/**
 * The gaps the open deadlines would meet in `directory` as of London `day` (`YYYY-MM-DD`), addressed
 * by the rules of `rules` (a deadline of a rule not among them is passed over, as a run passes it).
 * `teamsCards` says whether Teams is configured: without it no card goes, and a team without a channel
 * is no gap.
 */
export function allocationGaps(
  deadlines: Iterable<OpenDeadline>,
  rules: readonly Pick<Rule, 'id' | 'owner' | 'escalation'>[],
  directory: DirectoryData,
  day: string,
  teamsCards: boolean,
): AllocationGaps {
  const book = new Directory(directory, day);
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const unreachable = new Map<string, Set<string>>();
  const standIns = new Map<string, Set<string>>();
  // Addressing is the same for every deadline with the same allocation, owner and ladder: each is
  // asked of the directory once, for its first case, and its gaps then count every case that shares it.
  const addressed = new Map<string, { gaps: { text: string; nobody: boolean }[] }>();
  const cases = new Set<string>();
  let examined = 0;

  for (const { caseId, rule: ruleId, allocation } of deadlines) {
    const rule = byId.get(ruleId);
    if (!rule) continue;
    examined += 1;
    cases.add(caseId);
    const levels = [...new Set(rule.escalation.flatMap((step) => levelsAbove(step.levels, rule.owner)))];
    const key = addressingKey(allocation, rule.owner, levels);
    let found = addressed.get(key);
    if (!found) {
      const gaps: { text: string; nobody: boolean }[] = [];
      const note = (resolved: Resolved<unknown>, nobody = resolved.recipient === null) => {
        for (const gap of resolved.gaps) gaps.push({ text: causeOf(gap.message, gap.caseId), nobody });
      };
      note(book.holderOf(allocation, caseId));
      if (rule.owner !== 'worker') note(book.managerAt(allocation, rule.owner, caseId));
      for (const level of levels) note(book.managerAt(allocation, level, caseId));
      // A team without a channel loses its card, not its emails: someone is still told.
      const team = teamsCards ? book.teamOf(allocation) : null;
      if (team) note(book.channelOf(team.id), false);
      found = { gaps };
      addressed.set(key, found);
    }
    for (const { text, nobody } of found.gaps) {
      const into = nobody ? unreachable : standIns;
      into.set(text, (into.get(text) ?? new Set()).add(caseId));
    }
  }
  return {
    deadlines: examined,
    cases: cases.size,
    unreachable: ranked(unreachable),
    standIns: ranked(standIns),
  };
}
