/**
 * `los ingest` into the local store (dynalite on disk) and `los deadlines --data-dir` reading it back:
 * the same answers as evaluating the file directly; a data directory that cannot be used, refused in a
 * sentence with exit code 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { los } from '../support/los.ts';

const events = new URL('../fixtures/two-cases.ndjson', import.meta.url).pathname;

describe('the local store through the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'los-store-'));

  it('ingests a file, reporting accepted, repeated and rejected events with reasons', async () => {
    const first = await los('ingest', '--file', events, '--data-dir', dataDir);
    expect(first.out).toBe('5 accepted, 1 already stored, 1 rejected; deadlines recomputed for 2 cases.');
    expect(first.err).toBe('line 7 (event B-3): data.childSeen: is required');
    expect(first.code).toBe(3);
    const again = await los('ingest', '--file', events, '--data-dir', dataDir, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ accepted: 0, duplicates: 6, rejected: 1 });
  });

  it('lists what the rules could not work out for a case, keeping its events, and exits 3', async () => {
    // A store of its own: the next test compares the whole store with the fixture.
    const ownDir = mkdtempSync(join(tmpdir(), 'los-store-'));
    const file = join(ownDir, 'agreed.ndjson');
    const agreed = {
      id: 'C-1',
      type: 'visit_frequency.agreed',
      caseId: 'CASE-C',
      occurredAt: '2026-11-02',
      data: { rule: 'no.such-rule', every: { amount: 2, unit: 'weeks' }, agreedBy: 'TM-01' },
    };
    writeFileSync(file, `${JSON.stringify(agreed)}\n`);
    const ingested = await los('ingest', '--file', file, '--data-dir', ownDir);
    expect(ingested.out).toBe('1 accepted, 0 already stored, 0 rejected; deadlines recomputed for 1 cases.');
    expect(ingested.err).toBe(
      'case CASE-C, rule no.such-rule (event C-1): a visiting frequency was agreed for rule no.such-rule, which the default profile does not have; it was ignored',
    );
    expect(ingested.code).toBe(3);
  });

  it('gives the same deadlines from the store as from the file', async () => {
    const fromStore = await los('deadlines', '--data-dir', dataDir, '--as-of', '2026-01-09', '--json');
    const fromFile = await los('deadlines', '--events', events, '--as-of', '2026-01-09', '--json');
    expect(fromStore.code).toBe(0);
    expect(JSON.parse(fromStore.out)).toEqual(JSON.parse(fromFile.out));
  });
});

describe('a data directory that cannot be used', () => {
  it('is refused while another process holds it, naming the directory and the process, with exit code 2', async () => {
    const held = mkdtempSync(join(tmpdir(), 'los-store-'));
    // A live process other than this one, with no running npm start to go through.
    writeFileSync(join(held, 'los.lock'), String(process.ppid));
    const result = await los('deadlines', '--data-dir', held, '--as-of', '2026-01-09');
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toBe(
      `los: the data directory ${held} is in use by process ${process.ppid} (\`npm start\` or another \`los\` command); ` +
        `stop it or wait for it to finish, or choose another directory with --data-dir (if it is not Line of Sight, delete ${join(held, 'los.lock')})`,
    );
  });

  it('is refused when it cannot be created, with exit code 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'los-store-')), 'a-file');
    writeFileSync(file, '');
    const dataDir = join(file, 'data');
    expect(await los('ingest', '--file', events, '--data-dir', dataDir)).toEqual({
      code: 2,
      out: '',
      err: `los: cannot use ${dataDir} as the data directory: a file is in the way of the path; choose another with --data-dir`,
    });
    expect(await los('ingest', '--file', events, '--data-dir', file)).toMatchObject({ code: 2 });
  });
});
