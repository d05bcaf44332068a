/**
 * Rebuild: the deadlines recomputed from the event log alone equal those ingest kept up to date batch
 * by batch, whatever order the events arrived in and however often; a rebuild puts a damaged
 * projection right; `los rebuild` does it for a local store, and with `--table` for a table reached
 * through the default AWS configuration (here dynalite, named by the SDK's endpoint variable).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseEvent } from '../../events/index.ts';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { seedCaseEvents } from '../../functions/adapters/dynamodb/event-store.ts';
import { formatLondonDateTime } from '../../functions/core/calendar/index.ts';
import { defaultNoticeTiming } from '../../functions/core/notices/plan.ts';
import type { DeadlineStore, StoredDeadline } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { type IngestContext, ingestBatch } from '../../functions/ingest/ingest.ts';
import { rebuildAll } from '../../functions/ingest/rebuild.ts';
import { runSchedule } from '../../functions/runs/due-run.ts';
import { dueIndexKey, itemKey } from '../../functions/storage/table-layout.ts';
import { startDynalite } from '../../local/dynalite.ts';
import { LOCAL_TABLE, type OpenedLocalStore, openLocalStore } from '../../local/store.ts';
import { createRandom, type Random } from '../../local/synthetic/random.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';
import { los } from '../support/los.ts';

const profile = builtInProfile('default');
const NOW = Date.parse('2021-07-01T09:00:00Z');
const RECEIVED_AT = new Date(NOW).toISOString();
// Half a year of history (the synthetic council starts in 2021): 30 cases, about a thousand events, so
// that ingesting them one conditional write at a time into dynalite takes seconds, not minutes.
const council = generateCouncil({ seed: 11, asOf: '2021-06-30', cases: 30 });

const contextOver = (store: OpenedLocalStore, now = NOW): IngestContext => ({
  ...store,
  profile,
  timing: defaultNoticeTiming(profile),
  now: () => now,
});

function shuffle<T>(items: readonly T[], rng: Random): T[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = rng.int(0, index);
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  return shuffled;
}

/**
 * The council's events as a case system might deliver them: each case's history shuffled and cut into
 * a few pieces, one piece in five sent twice, and the pieces of every case shuffled together and sent
 * two at a time. So a history arrives out of order, interleaved with other cases', with repeats, and a
 * case is recomputed after each of its pieces (recomputing after every single event would take minutes
 * on dynalite and test nothing more).
 */
function deliveries(events: readonly CaseEvent[], rng: Random): CaseEvent[][] {
  const pieces: CaseEvent[][] = [];
  for (const caseId of council.caseIds) {
    const history = shuffle(
      events.filter((event) => event.caseId === caseId),
      rng,
    );
    const size = Math.ceil(history.length / 3);
    for (let start = 0; start < history.length; start += size) {
      const piece = history.slice(start, start + size);
      pieces.push(piece);
      if (rng.chance(0.2)) pieces.push(piece);
    }
  }
  const order = shuffle(pieces, rng);
  return Array.from({ length: Math.ceil(order.length / 2) }, (_, n) => order.slice(2 * n, 2 * n + 2).flat());
}

/** Every case's stored deadlines, by case. */
async function projectionOf(deadlines: DeadlineStore, caseIds: readonly string[]) {
  const byCase = new Map<string, StoredDeadline[]>();
  for (const caseId of caseIds) byCase.set(caseId, await deadlines.deadlinesOf(caseId));
  return byCase;
}

describe('rebuilding from the event log', () => {
  let incremental: OpenedLocalStore;
  let rebuilt: OpenedLocalStore;

  beforeAll(async () => {
    [incremental, rebuilt] = await Promise.all([openLocalStore(null), openLocalStore(null)]);
  });
  afterAll(async () => {
    await Promise.all([incremental?.close(), rebuilt?.close()]);
  });

  it('gives every case the deadlines that incremental ingest, out of order and with repeats, gave it', async () => {
    const batches = deliveries(council.events, createRandom(5));
    let duplicates = 0;
    for (const batch of batches) {
      const summary = await ingestBatch(batch, 'test', contextOver(incremental));
      expect(summary.rejected).toBe(0);
      duplicates += summary.duplicates;
    }
    expect(duplicates).toBeGreaterThan(0);

    await seedCaseEvents(rebuilt.dynamo.client, LOCAL_TABLE, council.events, RECEIVED_AT);
    const summary = await rebuildAll(contextOver(rebuilt));

    const before = await projectionOf(incremental.deadlines, council.caseIds);
    const after = await projectionOf(rebuilt.deadlines, council.caseIds);
    const total = [...after.values()].reduce((sum, list) => sum + list.length, 0);
    expect(summary).toEqual({
      cases: council.caseIds.length,
      deadlines: total,
      // The synthetic council records every date of birth and agrees frequencies for known rules.
      caseProblems: [],
      durationMs: expect.any(Number),
    });
    // Cases have deadlines, some of them still to act on: the comparison is not of empty lists.
    expect(total).toBeGreaterThan(council.caseIds.length);
    expect([...after.values()].flat().some((stored) => stored.nextActionAt !== null)).toBe(true);
    for (const caseId of council.caseIds) expect(after.get(caseId), caseId).toEqual(before.get(caseId));
  }, 120_000);

  it('puts a damaged projection right in place: next actions lost or moved', async () => {
    const [lost, moved] = council.caseIds as [string, string];
    // Damage as a faulty write or a hand edit would leave it: the item changed behind the store's back.
    const damage = async (caseId: string, nextActionAt: string | null) => {
      const [first] = await incremental.deadlines.deadlinesOf(caseId);
      const { rule, occurrence } = (first as StoredDeadline).deadline;
      const key = itemKey.deadline(caseId, rule, occurrence);
      await incremental.dynamo.client.send(
        new UpdateCommand({
          TableName: LOCAL_TABLE,
          Key: key,
          ...(nextActionAt === null
            ? { UpdateExpression: 'REMOVE nextActionAt, duePk, dueSk' }
            : {
                UpdateExpression: 'SET nextActionAt = :next, duePk = :duePk, dueSk = :dueSk',
                ExpressionAttributeValues: {
                  ':next': nextActionAt,
                  ...Object.fromEntries(
                    Object.entries(dueIndexKey(caseId, rule, occurrence, Date.parse(nextActionAt))).map(
                      ([name, value]) => [`:${name}`, value],
                    ),
                  ),
                },
              }),
        }),
      );
    };
    // Out of the due index, so no run would act on it; and put off for years.
    await damage(lost, null);
    await damage(moved, '2028-12-29T07:00:00.000Z');
    expect(await projectionOf(incremental.deadlines, [lost, moved])).not.toEqual(
      await projectionOf(rebuilt.deadlines, [lost, moved]),
    );

    // A minute on, as a rebuild after a fix would run: both stores as of the same moment.
    const later = NOW + 60_000;
    const summaries = await Promise.all([
      rebuildAll(contextOver(incremental, later)),
      rebuildAll(contextOver(rebuilt, later)),
    ]);
    expect(summaries[0].deadlines).toBe(summaries[1].deadlines);
    expect(await projectionOf(incremental.deadlines, council.caseIds)).toEqual(
      await projectionOf(rebuilt.deadlines, council.caseIds),
    );
  }, 60_000);

  it('keeps what a run has done: nothing it dealt with comes back into the due index', async () => {
    const runAt = NOW + 2 * 60_000;
    const due = async () => {
      const found: string[] = [];
      for await (const { caseId, deadline } of rebuilt.deadlines.dueBy(new Date(runAt).toISOString())) {
        found.push(`${caseId} ${deadline.rule} ${deadline.occurrence}`);
      }
      return found.sort();
    };
    expect((await due()).length).toBeGreaterThan(0);
    const run = await runSchedule(runAt, 'manual', {
      deadlines: rebuilt.deadlines,
      directory: rebuilt.directory,
      ledger: rebuilt.ledger,
      marks: rebuilt.marks,
      notices: { send: async () => {} },
      profile,
      timing: defaultNoticeTiming(profile),
    });
    expect(run.acted).toBeGreaterThan(0);
    expect(await due()).toEqual([]);

    await rebuildAll(contextOver(rebuilt, NOW + 5 * 60_000));
    expect(await due()).toEqual([]);
  }, 60_000);
});

describe('los rebuild', () => {
  const cases = council.caseIds.slice(0, 4);
  const events = council.events.filter((event) => cases.includes(event.caseId));

  it('recomputes every case of a local store and says how many deadlines it stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-rebuild-'));
    const seeded = await openLocalStore(dataDir);
    await seedCaseEvents(seeded.dynamo.client, LOCAL_TABLE, events, RECEIVED_AT);
    await seeded.close();

    const run = await los('rebuild', '--data-dir', dataDir, '--json');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.out);
    expect(summary).toMatchObject({ cases: cases.length, durationMs: expect.any(Number) });

    const store = await openLocalStore(dataDir);
    try {
      const stored = await projectionOf(store.deadlines, cases);
      expect(summary.deadlines).toBeGreaterThan(0);
      expect([...stored.values()].flat()).toHaveLength(summary.deadlines);
    } finally {
      await store.close();
    }
    const text = await los('rebuild', '--data-dir', dataDir);
    expect(text.out).toMatch(
      new RegExp(
        `^Rebuilt ${cases.length} cases from their events: ${summary.deadlines} deadlines stored, in \\d+\\.\\d s\\.$`,
      ),
    );
  }, 60_000);

  describe('with --table, through the default AWS configuration', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('recomputes every case of the named table', async () => {
      const dynamo = await startDynalite();
      try {
        const table = 'line-of-sight-rebuild-test';
        await ensureTable(dynamo.client, table);
        await seedCaseEvents(dynamo.client, table, events, RECEIVED_AT);
        // What an operator's shell would hold; the endpoint variable is how the SDK is sent to dynalite.
        vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
        vi.stubEnv('AWS_REGION', 'eu-west-2');
        vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
        vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
        vi.stubEnv('AWS_PROFILE', undefined);

        const run = await los('rebuild', '--table', table, '--morning-run-time', '06:30', '--json');
        expect(run.err).toBe('');
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out)).toMatchObject({ cases: cases.length });
        const stored = await projectionOf(new DynamoDeadlineStore(dynamo.client, table), cases);
        // Day-scale notices are keyed on the morning run given, in London time.
        const londonTimes = [...stored.values()]
          .flat()
          .flatMap((d) => (d.nextActionAt && !d.deadline.due.includes('T') ? [d.nextActionAt] : []))
          .map((instant) => formatLondonDateTime(Date.parse(instant)).slice(11, 16));
        expect(londonTimes.length).toBeGreaterThan(0);
        expect(new Set(londonTimes)).toEqual(new Set(['06:30']));
      } finally {
        await dynamo.close();
      }
    }, 60_000);

    it('refuses --table with --data-dir, and a morning run time that is not one', async () => {
      expect((await los('rebuild', '--table', 't', '--data-dir', '.data')).code).toBe(2);
      const wrong = await los('rebuild', '--morning-run-time', '7am', '--data-dir', '.data');
      expect(wrong).toMatchObject({
        code: 2,
        err: 'los: --morning-run-time 7am is not a time of day: use HH:MM, such as 07:00',
      });
    });
  });
});
