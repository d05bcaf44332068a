/**
 * `los ingest` into the local store (dynalite on disk) and `los deadlines --data-dir` reading it back:
 * the same answers as evaluating the file directly.
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
