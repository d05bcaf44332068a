/**
 * `los notices --case <id>`: the audit trail of a case, from the notice ledger: who was told what,
 * when, in what capacity, and why (the rule, its citation, the ladder step).
 */
import type { Command } from 'commander';
import { caseIdSchema } from '../../events/identifiers.ts';
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
      try {
        records = await store.ledger.noticesOf(options.case);
      } finally {
        await store.close();
      }
      const notices = records.map((record) => {
        const rule = rules.get(record.rule);
        return {
          ...record,
          title: rule?.title ?? record.rule,
          source: (rule?.source ?? []).map(describeCitation),
        };
      });
      if (options.json) {
        io.print(JSON.stringify({ caseId: options.case, notices }, null, 2));
        return;
      }
      if (notices.length === 0) {
        io.print(`No notices have been sent about ${options.case}.`);
        return;
      }
      io.print(`Notices about ${options.case}, oldest first:`);
      for (const notice of notices) {
        const who = notice.recipient.startsWith('team:')
          ? `the ${notice.recipient.slice('team:'.length)} Teams channel`
          : `${notice.recipient} (${notice.as === 'worker' ? 'allocated worker' : notice.as})`;
        const step = notice.ladderStep === null ? '' : `, escalation step ${notice.ladderStep}`;
        const when = notice.sentAt ?? notice.failedAt ?? notice.claimedAt;
        io.print(
          `  ${when}  ${notice.stageKey}${step} to ${who} by ${notice.channel}: ${STATE_TEXT[notice.state]}` +
            `\n      ${notice.title} (occurrence ${notice.occurrence}) — ${notice.source.join('; ')}`,
        );
      }
    });
}
