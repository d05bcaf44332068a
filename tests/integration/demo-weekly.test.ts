/**
 * `los demo --weekly` on a Monday: the team and service managers' weekly summaries as well as the
 * morning's digests, a second, different email. A file of its own: the local SES keeps one mailbox
 * per process, so another demo in the same file would add its mail to this one's outbox.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../cli/commands/demo.ts';
import { runCli } from '../../cli/main.ts';

describe('los demo --weekly', () => {
  it('with --weekly on the first working day of the week, adds one weekly summary per team and service manager', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'los-outbox-'));
    const out: string[] = [];
    const code = await runCli(
      ['demo', '--as-of', '2026-11-23', '--cases', '40', '--weekly', '--outbox', outbox, '--json'],
      { print: (t) => out.push(t), warn: () => {} },
    );
    expect(code).toBe(0);
    const summary = JSON.parse(out.join('\n')) as DemoSummary;
    expect(summary.weeklySummaries).toBeGreaterThan(0);
    const emails = readdirSync(join(outbox, 'email')).map(
      (name) =>
        JSON.parse(readFileSync(join(outbox, 'email', name), 'utf8')) as { to: string[]; subject: string },
    );
    expect(emails).toHaveLength(summary.emails);
    const weekly = emails.filter((email) => email.subject.startsWith('Line of Sight weekly summary'));
    expect(weekly).toHaveLength(summary.weeklySummaries);
    for (const email of weekly) expect(email.to[0]).toMatch(/^(tm|sm)-/);
    // Each person still gets at most one digest, and at most one weekly summary.
    for (const group of [weekly, emails.filter((email) => !weekly.includes(email))]) {
      const recipients = group.map((email) => email.to.join());
      expect(new Set(recipients).size).toBe(recipients.length);
    }
  }, 120_000);
});
