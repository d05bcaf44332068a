/**
 * `npm start` (`los serve`) on a data directory: the first start loads a synthetic council and says
 * where to look; while it runs, `los` commands on the same directory work through it; the store route
 * wants the token; a second start finds the data already there.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../local/serve.ts';
import { builtInProfile } from '../../rules/load.ts';
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
