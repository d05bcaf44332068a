/**
 * `los notices --case <id>`: the audit trail of a case, from the notice ledger: who was told what,
 * when, in what capacity, and why (the rule, its citation, the ladder step); and the case's events
 * that say who recorded them (`recordedBy`: every event made on the board), such as its actions
 * recorded, moved, done and withdrawn.
 */
import type { Command } from 'commander';
import { caseIdSchema } from '../../events/identifiers.ts';
import type { CaseEvent } from '../../events/index.ts';
import { compareMoments, momentOf } from '../../functions/core/engine/moments.ts';
import type { LedgerRecord } from '../../functions/core/ports.ts';
import { describeCitation } from '../../functions/delivery/notice-text.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { UsageError } from '../errors.ts';
import { resolveProfile } from '../options.ts';

interface NoticesOptions {
  case: string;
  dataDir: string;
  profile: string;
  json?: boolean;
}

const STATE_TEXT: Record<LedgerRecord['state'], string> = {
  sent: 'sent',
  claimed: 'being sent',
  failed: 'failed, to be retried',
};

/** Adds the `notices` command. */
export function registerNotices(program: Command, io: { print: (text: string) => void }) {
  program
    .command('notices')
    .description('who was told what about a case, when, and why: the audit trail in the notice ledger')
    .requiredOption('--case <id>', 'the case reference')
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .option('--profile <name>', 'default, statutory, or a council profile .json (for rule titles)', 'default')
    .option('--json', 'print JSON: { caseId, notices: [ … ] }')
    .action(async (options: NoticesOptions) => {
      if (!caseIdSchema.safeParse(options.case).success) {
        throw new UsageError(`--case ${options.case} is not a case reference (letters, digits and . _ : -)`);
      }
      const profile = resolveProfile(options.profile);
      const rules = new Map(profile.rules.map((rule) => [rule.id, rule]));
      const store = await openSharedStore(options.dataDir);
      let records: LedgerRecord[];
      let events: CaseEvent[];
      try {
        records = await store.ledger.noticesOf(options.case);
        events = await store.events.eventsOf(options.case);
      } finally {
        await store.close();
      }
      const notices = records.map((record) => {
        const rule = rules.get(record.rule);
        return {
          ...record,
          title: rule?.title ?? record.rule,
          // Whoever must act on a board action is its owner, not necessarily the allocated worker.
          worker: rule?.item?.assignee ? 'action owner' : 'allocated worker',
          source: (rule?.source ?? []).map(describeCitation),
        };
      });
      const recorded = recordedEvents(events);
      if (options.json) {
        io.print(JSON.stringify({ caseId: options.case, notices, recorded }, null, 2));
        return;
      }
      if (recorded.length > 0) {
        io.print(`Events about ${options.case} and who recorded them, oldest first:`);
        for (const event of recorded)
          io.print(`  ${event.occurredAt}  ${event.what}, by ${event.recordedBy}`);
      }
      if (notices.length === 0) {
        io.print(`No notices have been sent about ${options.case}.`);
        return;
      }
      io.print(`Notices about ${options.case}, oldest first:`);
      for (const notice of notices) {
        const who = notice.recipient.startsWith('team:')
          ? `the ${notice.recipient.slice('team:'.length)} Teams channel`
          : `${notice.recipient} (${notice.as === 'worker' ? notice.worker : notice.as})`;
        const step = notice.ladderStep === null ? '' : `, escalation step ${notice.ladderStep}`;
        const when = notice.sentAt ?? notice.failedAt ?? notice.claimedAt;
        io.print(
          `  ${when}  ${notice.stageKey}${step} to ${who} by ${notice.channel}: ${STATE_TEXT[notice.state]}` +
            `\n      ${notice.title} (occurrence ${notice.occurrence}) — ${notice.source.join('; ')}`,
        );
      }
    });
}

/** An event that says who recorded it, as the audit trail lists it. */
interface RecordedEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  recordedBy: string;
  /** What it was, in a few words: ids, dates and codes only (events hold no free text). */
  what: string;
}

/** The case's events that name who recorded them, oldest first, retracted ones included. */
function recordedEvents(events: readonly CaseEvent[]): RecordedEvent[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  return [...byId.values()]
    .filter((event): event is CaseEvent & { recordedBy: string } => event.recordedBy !== undefined)
    .map((event) => ({ event, at: momentOf(event.occurredAt) }))
    .sort((a, b) => compareMoments(a.at, b.at) || (a.event.id < b.event.id ? -1 : 1))
    .map(({ event }) => ({
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt,
      recordedBy: event.recordedBy,
      what: whatHappened(event, byId),
    }));
}

function whatHappened(event: CaseEvent, byId: ReadonlyMap<string, CaseEvent>): string {
  switch (event.type) {
    case 'action.recorded':
      return `action ${event.data.actionId} recorded for ${event.data.ownerId}, due ${event.data.dueOn}`;
    case 'action.moved':
      return `action ${event.data.actionId} moved to ${event.data.dueOn} (${event.data.reason})`;
    case 'action.done':
      return `action ${event.data.actionId} done`;
    case 'event.retracted': {
      const retracted = byId.get(event.data.eventId);
      return retracted?.type === 'action.recorded'
        ? `action ${retracted.data.actionId} withdrawn (recorded in error)`
        : `${event.data.eventId} retracted`;
    }
    default:
      return `${event.type} ${event.id}`;
  }
}
