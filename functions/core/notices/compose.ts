/**
 * Who gets what: the notices a run found due, addressed through the directory and gathered into
 * messages. Notices go in one digest per person per day and one summary card per team channel per day
 * (breaches only); urgent notices (an hour-scale breach) found outside the morning run go at once, as
 * an alert per person and a card per team channel. Pure: the directory is passed in as an address book.
 *
 * Each deadline goes to whoever must act on it (its rule's owner): the allocated worker, or for
 * oversight, sign-offs and supervision the manager at the owner's level on the worker's reporting line,
 * told at every stage. A breach also goes to the ladder's levels above the owner. The worker of a case
 * whose deadline is a manager's is told it is waiting on their manager from the day it is due, for
 * information: they have nothing to do, and it is not among their own overdue work.
 *
 * A deadline with an assignee (an action recorded on the board, which names its owner) goes to that
 * member of staff rather than to the allocated worker, and its breach climbs the assignee's reporting
 * line: the directory is asked as if the case were allocated to them, in the case's team.
 *
 * Every notice names its recipients one by one in the ledger key of its line
 * (`<caseId>|<rule>|<occurrence>|<stageKey>|<recipient>`), so each (deadline occurrence, stage,
 * recipient) is sent once however the lines are gathered into messages.
 */
import type { OversightLevel } from '../../../events/index.ts';
import type { StaffMember, Team } from '../directory/model.ts';
import { actingAllocation, type Rule, whyDue } from '../engine/index.ts';
import type { CaseAllocation, StoredDeadline } from '../ports.ts';
import type { DirectoryGap, EmailNotice, LineNotice, NoticeLine, TeamsNotice } from './message.ts';
import type { PlannedNotice } from './plan.ts';

/** One notice a run found due now, on one stored deadline. */
export interface DueNotice {
  stored: StoredDeadline;
  /** The rule as the run's profile has it: what the notice says, and who must act (`owner`). */
  rule: Pick<Rule, 'id' | 'title' | 'action' | 'source' | 'owner'>;
  notice: PlannedNotice;
  /** Whether the deadline counts hours (its due is an instant), for how lines show it. */
  hourScale: boolean;
  /** For a `resolved` notice: who had been sent a notice about the deadline, and as what. */
  toldBefore: readonly { staffId: string; as: NoticeLine['as'] }[];
}

/** Someone found in the directory, or nobody, with the gaps met on the way. */
export interface Resolved<T> {
  recipient: T | null;
  gaps: DirectoryGap[];
}

/** What composing needs of the directory (the directory's resolver provides it). */
export interface AddressBook {
  /** A member of staff in post with a deliverable address, or null. */
  member(staffId: string): StaffMember | null;
  /** The name the directory holds for a member of staff, in post or not; null when it has none. */
  nameOf(staffId: string): string | null;
  /** The allocated worker, or whoever stands in for them. */
  holderOf(allocation: CaseAllocation | null, caseId: string): Resolved<StaffMember>;
  /** The manager at `level` or above on the worker's reporting line. */
  managerAt(allocation: CaseAllocation | null, level: OversightLevel, caseId: string): Resolved<StaffMember>;
  /** The team a case belongs to, from its allocation (the worker's team when the event named none). */
  teamOf(allocation: CaseAllocation | null): Team | null;
  /** The Teams channel a team's cards go to (its own or its nearest parent's). */
  channelOf(teamId: string): Resolved<string>;
}

/** The messages of one run, and the gaps in the directory it met (reported to the administrators). */
export interface ComposedRun {
  notices: LineNotice[];
  gaps: DirectoryGap[];
}

/** Adds a line to the message under `key`, starting the message when it is the first. */
function addLine<N extends EmailNotice | TeamsNotice>(
  messages: Map<string, N>,
  key: string,
  line: NoticeLine,
  start: () => N,
) {
  const message = messages.get(key) ?? start();
  message.lines.push(line);
  messages.set(key, message);
}

const isBreach = (stage: PlannedNotice['stage']['kind']) => stage === 'escalation' || stage === 'repeat';

/** The ladder step (from 1) a breach notice is, for the audit trail. */
const ladderStep = (notice: PlannedNotice, ladderLength: number): number | null => {
  if (notice.stage.kind === 'escalation') return notice.stage.step + 1;
  if (notice.stage.kind === 'repeat') return ladderLength;
  return null;
};

/**
 * Addresses and gathers the notices due in one run. `day` is the London day of the run and `asOf` its
 * instant (ISO): both go into message keys, so a retried run composes messages with the same keys. In
 * the morning run (`digest`), hour-scale notices join the day's digest and team card, which go at
 * once anyway, so each person gets one email; in other runs they go as alerts. With `cards` false
 * (Teams not configured) no card is made, and a team without a channel is no gap.
 */
export function composeNotices(
  due: readonly DueNotice[],
  book: AddressBook,
  run: { day: string; asOf: string; digest: boolean; cards?: boolean },
): ComposedRun {
  const gaps = new Map<string, DirectoryGap>();
  const noteGaps = (found: readonly DirectoryGap[]) => {
    for (const gap of found) gaps.set(gap.message, gap);
  };
  const emails = new Map<string, EmailNotice>();
  const cards = new Map<string, TeamsNotice>();

  for (const item of due) {
    const { stored, notice, rule, hourScale } = item;
    const alert = notice.urgent && !run.digest;
    const { caseId, allocation } = stored;
    const { owner } = rule;
    const team = book.teamOf(allocation);
    const { assignee } = stored.deadline;
    const routing = actingAllocation(allocation, assignee);
    const { metAt, cancelledAt, status } = stored.deadline;
    const closedAt = metAt ?? cancelledAt;
    const found = <T>(resolved: Resolved<T>) => {
      noteGaps(resolved.gaps);
      return resolved.recipient;
    };
    // The worker holds the case: they act on their own deadlines, and from the day a manager's is due
    // they are told it is waiting on their manager.
    const informed = owner !== 'worker' && notice.stage.kind !== 'reminder';
    const holder = owner === 'worker' || informed ? found(book.holderOf(routing, caseId)) : null;
    const actor = owner === 'worker' ? holder : found(book.managerAt(routing, owner, caseId));
    const lineFor = (recipient: string, as: NoticeLine['as']): NoticeLine => ({
      key: `${caseId}|${rule.id}|${stored.deadline.occurrence}|${notice.key}|${recipient}`,
      caseId,
      rule: rule.id,
      title: rule.title,
      action: rule.action,
      source: rule.source,
      why: whyDue(stored.deadline.explain),
      occurrence: stored.deadline.occurrence,
      stage: notice.stage.kind,
      stageKey: notice.key,
      ladderStep: ladderStep(notice, stored.deadline.escalation.length),
      due: stored.deadline.due,
      hourScale,
      owner,
      as,
      ...(assignee !== undefined && { assignee }),
      actorName: actor?.name ?? null,
      escalatedTo: [...notice.levels],
      workerId: allocation?.workerId ?? null,
      workerName: allocation ? book.nameOf(allocation.workerId) : null,
      teamId: team?.id ?? null,
      ...(notice.stage.kind === 'resolved' &&
        closedAt !== undefined &&
        (status === 'met' || status === 'met-late' || status === 'cancelled') && {
          resolution: { status, at: closedAt },
        }),
    });

    // One line per person, in the order first told: the worker, the ladder's levels upwards, the owner.
    // Someone told in two capacities (standing in for a vacant post) is told in the later one: whoever
    // acts is told last, over a ladder level, and a higher level over a lower one.
    const told = new Map<string, { member: StaffMember; as: NoticeLine['as'] }>();
    const tell = (member: StaffMember | null, as: NoticeLine['as']) => {
      if (member) told.set(member.id, { member, as });
    };
    if (notice.stage.kind === 'resolved') {
      // Whoever was told of it hears it is done (a leaver or an undeliverable address is skipped).
      for (const { staffId, as } of item.toldBefore) tell(book.member(staffId), as);
    } else {
      if (owner === 'worker' || informed) tell(holder, 'worker');
      for (const level of notice.levels) {
        const manager = found(book.managerAt(routing, level, caseId));
        // Above an assignee the ladder's level is a floor: a Team Manager's missed action goes to
        // their Service Manager, who is told as what they are.
        tell(
          manager,
          assignee !== undefined && manager && manager.level !== 'worker' ? manager.level : level,
        );
      }
      tell(actor, owner);
    }
    for (const { member, as } of told.values()) {
      const key = alert ? `alert|${member.id}|${run.asOf}` : `digest|${member.id}|${run.day}`;
      addLine(emails, key, lineFor(member.id, as), () => ({
        channel: 'email',
        kind: alert ? 'alert' : 'digest',
        key,
        day: run.day,
        asOf: run.asOf,
        recipient: { staffId: member.id, name: member.name, email: member.email, level: member.level },
        lines: [],
      }));
    }

    if (run.cards === false || !isBreach(notice.stage.kind) || !team) continue;
    const channel = book.channelOf(team.id);
    noteGaps(channel.gaps);
    if (!channel.recipient) continue;
    const key = alert ? `team-alert|${team.id}|${run.asOf}` : `team|${team.id}|${run.day}`;
    const teamsChannel = channel.recipient;
    addLine(cards, key, lineFor(`team:${team.id}`, notice.levels.at(-1) ?? owner), () => ({
      channel: 'teams',
      kind: alert ? 'alert' : 'team-summary',
      key,
      day: run.day,
      asOf: run.asOf,
      teamId: team.id,
      teamName: team.name,
      teamsChannel,
      lines: [],
    }));
  }

  return { notices: [...emails.values(), ...cards.values()], gaps: [...gaps.values()] };
}
