/**
 * `los demo`: one morning of the whole pipeline on a synthetic council. At most one email per person,
 * no case in any subject, managers told of breaches and of their own tasks by worker name, workers
 * told of a manager's task only as waiting on them, cards per team channel, and the outbox holding
 * exactly what the local SES and Teams sink received.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../cli/commands/demo.ts';
import { runCli } from '../../cli/main.ts';

describe('los demo', () => {
  it('runs one morning end to end and writes what was sent to the outbox', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'los-outbox-'));
    const out: string[] = [];
    const code = await runCli(
      ['demo', '--as-of', '2026-11-23', '--cases', '80', '--outbox', outbox, '--json'],
      { print: (t) => out.push(t), warn: () => {} },
    );
    expect(code).toBe(0);
    const summary = JSON.parse(out.join('\n')) as DemoSummary;
    expect(summary).toMatchObject({ asOf: '2026-11-23', cases: 80 });
    expect(summary.events).toBeGreaterThan(5_000);
    expect(summary.deadlines).toBeGreaterThan(summary.openDeadlines);
    expect(summary.emails).toBeGreaterThan(0);

    const read = (folder: string) =>
      readdirSync(join(outbox, folder)).map((name) =>
        JSON.parse(readFileSync(join(outbox, folder, name), 'utf8')),
      );
    const emails = read('email') as { to: string[]; subject: string; text: string; html: string }[];
    const cards = read('teams') as { channel: string; payload: { type: string } }[];
    expect(emails).toHaveLength(summary.emails);
    expect(cards).toHaveLength(summary.teams);

    const recipients = emails.map((e) => e.to.join());
    expect(new Set(recipients).size).toBe(recipients.length);
    for (const email of emails) {
      expect(email.subject).not.toMatch(/CASE-/);
      expect(email.html).toContain('https://cases.council.example/cases/CASE-');
    }
    // Managers hear of the breaches escalated to them and of their own tasks (oversight, sign-offs,
    // supervision), under the name of the worker whose case it is, never an id.
    const managers = emails.filter((e) => !/^sw-/.test(e.to[0] ?? ''));
    expect(managers.length).toBeGreaterThan(0);
    for (const email of managers) {
      expect(email.text).toMatch(
        /^(Escalated to you as .+|Overdue|Due today|Coming up) \(\d+\)\n-+\n\n.+'s cases \(\d+\):$/m,
      );
      expect(email.text).not.toMatch(/\bSW-\d+/);
    }
    // Workers see a manager's task only as waiting on their manager, never among their own.
    for (const email of emails.filter((e) => !managers.includes(e))) {
      expect(email.text.split('Waiting on your manager (')[0]).not.toMatch(/\) to do\n/);
    }
    for (const card of cards) {
      expect(card.channel).toMatch(/^teams-team-/);
      expect(card.payload.type).toBe('message');
    }
  }, 120_000); // loading the council can take most of a minute on a busy machine
});
