/**
 * `npm start` (`los serve`) on a data directory: the first start loads a synthetic council and says
 * where to look; while it runs, `los` commands on the same directory work through it; the store route
 * wants the token; a second start finds the data already there. A busy port or a data directory held
 * by another process is refused at once, in a sentence, with exit code 2.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { serve } from '../../local/serve.ts';
import { los } from '../support/los.ts';

const events = new URL('../fixtures/two-cases.ndjson', import.meta.url).pathname;

const start = (dataDir: string, log: string[]) =>
  serve({
    dataDir,
    profile: builtInProfile('default'),
    port: 0,
    morningRunTime: '07:00',
    cases: 12,
    seed: 3,
    log: (line) => log.push(line),
  });

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-serve-'));

  it('loads a synthetic council on first start, runs, and says where to look', async () => {
    const log: string[] = [];
    const serving = await start(dataDir, log);
    try {
      const text = log.join('\n');
      expect(text).toMatch(/First start: loading a synthetic council of 12 cases/);
      expect(text).toMatch(/Loaded \d+ events for 12 cases, and a directory of \d+ staff/);
      expect(text).toContain(serving.pipeline.ses.inboxUrl);
      expect(text).toContain(serving.pipeline.teams.url);
      expect(text).toContain(`POST ${serving.server.url}/events`);
      expect(text).toMatch(/(morning|hourly) run as of/);

      // The CLI works through the running process instead of failing on the locked store.
      const ingest = await los('ingest', '--file', events, '--data-dir', dataDir);
      expect(ingest.out).toBe('5 accepted, 1 already stored, 1 rejected; deadlines recomputed for 2 cases.');
      const deadlines = await los('deadlines', '--data-dir', dataDir, '--as-of', '2026-01-09', '--json');
      expect(deadlines.code).toBe(0);
      const cases = (JSON.parse(deadlines.out) as { cases: { caseId: string }[] }).cases;
      expect(cases.map((c) => c.caseId)).toEqual(expect.arrayContaining(['CASE-A', 'CASE-B', 'CASE-10001']));

      const refused = await fetch(`${serving.server.url}/store`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ port: 'events', method: 'caseIds', args: [] }),
      });
      expect(refused.status).toBe(403);
    } finally {
      await serving.close();
    }
  });

  it('finds the data already there on the next start', async () => {
    const log: string[] = [];
    const serving = await start(dataDir, log);
    await serving.close();
    expect(log.join('\n')).not.toContain('First start');
  });
});

describe('npm start, when it cannot start', () => {
  it('refuses a port in use before touching the data directory, saying what to do, with exit code 2', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as { port: number };
    const fresh = join(mkdtempSync(join(tmpdir(), 'los-serve-')), 'data');
    try {
      expect(await los('serve', '--port', String(port), '--data-dir', fresh, '--cases', '2')).toEqual({
        code: 2,
        out: '',
        err: `los: port ${port} is already in use (is \`npm start\` already running?); stop the other process or choose another with --port`,
      });
      expect(existsSync(fresh)).toBe(false);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses a data directory another process holds, naming both, with exit code 2', async () => {
    const held = mkdtempSync(join(tmpdir(), 'los-serve-'));
    // A live process other than this one: the one that started the tests.
    writeFileSync(join(held, 'los.lock'), String(process.ppid));
    expect(await los('serve', '--port', '0', '--data-dir', held, '--cases', '2')).toEqual({
      code: 2,
      out: '',
      err:
        `los: the data directory ${held} is in use by process ${process.ppid} (\`npm start\` or another \`los\` command); ` +
        `stop it or wait for it to finish, or choose another directory with --data-dir (if it is not Line of Sight, delete ${join(held, 'los.lock')})`,
    });
  });
});
