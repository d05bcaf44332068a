/**
 * The single-table layout: the key builders produce exactly the shapes the layout documents, the kinds
 * sharing a case's partition are told apart by sort-key prefix, and the `due` index orders by time,
 * selects exactly what is due and spreads cases evenly over its shards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_PATTERNS,
  CASE_SORT_KEY_PREFIX,
  DUE_SHARD_COUNT,
  dueBefore,
  dueIndexKey,
  duePartition,
  duePartitions,
  dueShardOf,
  EVENT_BUNDLE_SORT_KEY_PREFIX,
  ITEM_KINDS,
  type ItemKey,
  type ItemKind,
  itemKey,
  SECONDARY_INDEXES,
} from '../../functions/storage/table-layout.ts';

const RUNS = { numRuns: 500 };

/** For each kind: its key built from sample parts, and the value each placeholder of its shape takes. */
const SAMPLES: Record<ItemKind, { key: ItemKey; placeholders: Record<string, string> }> = {
  caseEvent: {
    key: itemKey.caseEvent('CASE-1001', '2026-03-02T09:30:00Z', 'ev-7'),
    placeholders: { caseId: 'CASE-1001', occurredAt: '2026-03-02T09:30:00Z', eventId: 'ev-7' },
  },
  eventIdClaim: { key: itemKey.eventIdClaim('ev-7'), placeholders: { eventId: 'ev-7' } },
  eventBundle: {
    key: itemKey.eventBundle('CASE-1001', 'ssd', '2026-03-02T09:30:00.000Z', '1a2b3c4d5e6f'),
    placeholders: {
      caseId: 'CASE-1001',
      source: 'ssd',
      receivedAt: '2026-03-02T09:30:00.000Z',
      token: '1a2b3c4d5e6f',
    },
  },
  idNamespace: { key: itemKey.idNamespace('ssd'), placeholders: { source: 'ssd' } },
  caseProjection: { key: itemKey.caseProjection('CASE-1001'), placeholders: { caseId: 'CASE-1001' } },
  timelinessCase: { key: itemKey.timelinessCase('CASE-1001'), placeholders: { caseId: 'CASE-1001' } },
  timelinessMonth: {
    key: itemKey.timelinessMonth('2026-03', 'CASE-1001'),
    placeholders: { month: '2026-03', caseId: 'CASE-1001' },
  },
  timelinessChanges: { key: itemKey.timelinessChanges('2026-03'), placeholders: { month: '2026-03' } },
  timelinessFigures: {
    key: itemKey.timelinessFigures('2026-03', 'team', 2),
    placeholders: { month: '2026-03', grouping: 'team', part: '002' },
  },
  deadline: {
    key: itemKey.deadline('CASE-1001', 'cin.visit', 3),
    placeholders: { caseId: 'CASE-1001', rule: 'cin.visit', occurrence: '000003' },
  },
  notice: {
    key: itemKey.notice('CASE-1001', 'cin.visit', 3, 'escalation-0', 'TM-02'),
    placeholders: {
      caseId: 'CASE-1001',
      rule: 'cin.visit',
      occurrence: '000003',
      stageKey: 'escalation-0',
      recipient: 'TM-02',
    },
  },
  actionText: {
    key: itemKey.actionText('CASE-1001', 'act-7Qm2x9Lp'),
    placeholders: { caseId: 'CASE-1001', actionId: 'act-7Qm2x9Lp' },
  },
  trackerRow: {
    key: itemKey.trackerRow('CASE-1001', 'legal'),
    placeholders: { caseId: 'CASE-1001', list: 'legal' },
  },
  summaryNotice: {
    key: itemKey.summaryNotice('weekly|TM-02|2026-11-16'),
    placeholders: { key: 'weekly|TM-02|2026-11-16' },
  },
  quarantine: {
    key: itemKey.quarantine('2026-03-02T23:59:59.999Z', 'q-1'),
    placeholders: { 'yyyy-mm-dd': '2026-03-02', receivedAt: '2026-03-02T23:59:59.999Z', id: 'q-1' },
  },
  outbox: {
    key: itemKey.outbox('2026-11-23', 'CASE-1001|cin.visit|3|escalation-0|TM-02'),
    placeholders: { 'yyyy-mm-dd': '2026-11-23', 'line key': 'CASE-1001|cin.visit|3|escalation-0|TM-02' },
  },
  recomputeMark: { key: itemKey.recomputeMark('CASE-1001'), placeholders: { caseId: 'CASE-1001' } },
  weeklyRun: { key: itemKey.weeklyRun('2026-11-16'), placeholders: { weekStart: '2026-11-16' } },
  importManifest: {
    key: itemKey.importManifest('ssd', 'CASE-1001'),
    placeholders: { source: 'ssd', caseId: 'CASE-1001' },
  },
  importRun: { key: itemKey.importRun('ssd'), placeholders: { source: 'ssd' } },
  directoryPointer: { key: itemKey.directoryPointer(), placeholders: {} },
  staff: {
    key: itemKey.staff('2026-12-07T01:00:00.000Z-1a2b3c4d', 'SW-014'),
    placeholders: { version: '2026-12-07T01:00:00.000Z-1a2b3c4d', staffId: 'SW-014' },
  },
  team: {
    key: itemKey.team('2026-12-07T01:00:00.000Z-1a2b3c4d', 'TEAM-N'),
    placeholders: { version: '2026-12-07T01:00:00.000Z-1a2b3c4d', teamId: 'TEAM-N' },
  },
};

const fill = (shape: string, placeholders: Record<string, string>) =>
  shape.replace(/<([^>]+)>/g, (_, name: string) => {
    const value = placeholders[name];
    if (value === undefined) throw new Error(`no sample for <${name}>`);
    return value;
  });

describe('item keys', () => {
  it('are built exactly as each kind’s documented shape says', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(ITEM_KINDS.map((k) => k.kind).sort());
    for (const kind of ITEM_KINDS) {
      const { key, placeholders } = SAMPLES[kind.kind];
      expect(key, kind.kind).toEqual({ pk: fill(kind.pk, placeholders), sk: fill(kind.sk, placeholders) });
    }
  });

  it('give no two kinds the same key', () => {
    const keys = Object.values(SAMPLES).map(({ key }) => `${key.pk} ${key.sk}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('let a begins_with query on a case’s partition select one kind', () => {
    const caseKeys = [
      SAMPLES.caseEvent.key,
      SAMPLES.caseProjection.key,
      SAMPLES.deadline.key,
      SAMPLES.notice.key,
      SAMPLES.trackerRow.key,
      SAMPLES.actionText.key,
    ];
    expect(new Set(caseKeys.map((k) => k.pk))).toEqual(new Set(['CASE#CASE-1001']));
    for (const prefix of Object.values(CASE_SORT_KEY_PREFIX)) {
      expect(caseKeys.filter((k) => k.sk.startsWith(prefix))).toHaveLength(1);
    }
  });

  it('read a case’s event bundles with its events, under keys no event item has', () => {
    const bundle = SAMPLES.eventBundle.key;
    expect(bundle.pk).toBe(SAMPLES.caseEvent.key.pk);
    expect(bundle.sk.startsWith(CASE_SORT_KEY_PREFIX.event)).toBe(true);
    expect(bundle.sk.startsWith(EVENT_BUNDLE_SORT_KEY_PREFIX)).toBe(true);
    // An event item's key goes on with the event's date, which starts with a digit.
    expect(SAMPLES.caseEvent.key.sk.startsWith(EVENT_BUNDLE_SORT_KEY_PREFIX)).toBe(false);
    expect(EVENT_BUNDLE_SORT_KEY_PREFIX.slice(CASE_SORT_KEY_PREFIX.event.length)).toMatch(/^[A-Z]/);
  });

  it('sort a rule’s occurrences in number order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_998 }), fc.integer({ min: 1, max: 999_998 }), (a, b) => {
        const [ka, kb] = [itemKey.deadline('C', 'cin.visit', a), itemKey.deadline('C', 'cin.visit', b)];
        expect(ka.sk < kb.sk).toBe(a < b);
      }),
      RUNS,
    );
  });

  it('refuse an occurrence that would not sort, and a quarantine time that is not UTC', () => {
    for (const occurrence of [0, -1, 1.5, 1_000_000, Number.NaN]) {
      expect(() => itemKey.deadline('C', 'cin.visit', occurrence)).toThrow(RangeError);
    }
    expect(() => itemKey.quarantine('2026-03-02T23:59:59+01:00', 'q')).toThrow(/UTC ending in Z/);
    expect(() => itemKey.quarantine('2026-03-02', 'q')).toThrow(RangeError);
  });
});

describe('dueShardOf', () => {
  it('is stable across processes and releases: a pinned sample, so any change to the hash is deliberate', () => {
    expect(['CASE-1001', 'CASE-1002', 'CASE-1003', 'a', ''].map(dueShardOf)).toMatchInlineSnapshot(`
      [
        3,
        13,
        15,
        3,
        11,
      ]
    `);
  });

  it('is an integer shard in range for any id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (caseId) => {
        const shard = dueShardOf(caseId);
        expect(Number.isInteger(shard) && shard >= 0 && shard < DUE_SHARD_COUNT).toBe(true);
        expect(dueShardOf(caseId)).toBe(shard);
      }),
      RUNS,
    );
  });

  it('spreads sequential case references evenly over the shards', () => {
    const cases = 32_000;
    const counts = new Map<number, number>();
    for (let n = 0; n < cases; n++) {
      const shard = dueShardOf(`CASE-${n}`);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    const expected = cases / DUE_SHARD_COUNT;
    expect(counts.size).toBe(DUE_SHARD_COUNT);
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
  });
});

describe('the due index', () => {
  const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
  const caseId = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);

  it('has one partition per shard, and puts a case’s deadlines in its shard', () => {
    expect(duePartitions()).toHaveLength(DUE_SHARD_COUNT);
    expect(new Set(duePartitions()).size).toBe(DUE_SHARD_COUNT);
    expect(duePartitions()[0]).toBe('DUE#0');
    expect(dueIndexKey('CASE-1001', 'cin.visit', 3, 0).duePk).toBe(duePartition(dueShardOf('CASE-1001')));
    expect(() => duePartition(DUE_SHARD_COUNT)).toThrow(RangeError);
  });

  it('sorts by the next action’s instant, then case, rule and occurrence', () => {
    expect(dueIndexKey('CASE-1001', 'cin.visit', 3, Date.UTC(2026, 2, 2, 9, 30)).dueSk).toBe(
      '2026-03-02T09:30:00.000Z#CASE-1001#cin.visit#000003',
    );
    fc.assert(
      fc.property(instant, instant, caseId, caseId, (a, b, caseA, caseB) => {
        fc.pre(a !== b);
        const [ka, kb] = [dueIndexKey(caseA, 'cin.visit', 1, a), dueIndexKey(caseB, 'cp.visit', 2, b)];
        expect(ka.dueSk < kb.dueSk).toBe(a < b);
      }),
      RUNS,
    );
  });

  it('selects with dueSk < dueBefore(asOf) exactly the next actions at or before asOf', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -3, max: 3 }), caseId, (asOf, offset, id) => {
        const { dueSk } = dueIndexKey(id, 'cin.visit', 1, asOf + offset);
        expect(dueSk < dueBefore(asOf)).toBe(offset <= 0);
      }),
      RUNS,
    );
  });
});

describe('access patterns', () => {
  it('are named once each and use the table or one of its indexes', () => {
    const names = ACCESS_PATTERNS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of ACCESS_PATTERNS)
      expect(['table', ...SECONDARY_INDEXES.map((index) => index.name)]).toContain(p.index);
  });
});
