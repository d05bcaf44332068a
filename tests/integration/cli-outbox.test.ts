/**
 * The quiet start on one machine (`los serve --sending paused`): the local pipeline's runs hold what
 * they would send in the store's outbox and send nothing; `los outbox list` reads it back (counts by
 * recipient and rule, then each line, ids only), from the local store or with `--table` from a table
 * reached through the default AWS configuration (here dynalite); and the same store, live, sends what
 * is current.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoNoticeOutbox } from '../../functions/adapters/dynamodb/notice-outbox.ts';
import { formatIsoDate, londonDayOf } from '../../functions/core/calendar/index.ts';
import type { HeldLine } from '../../functions/core/ports.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import { startDynalite } from '../../local/dynalite.ts';
import { startLocalPipeline } from '../../local/pipeline.ts';
import { openLocalStore } from '../../local/store.ts';
import { SMALL_DIRECTORY } from '../support/directory.ts';
import { los } from '../support/los.ts';

const DAY_MS = 86_400_000;
const londonDay = (ms: number) => formatIsoDate(londonDayOf(ms));

const held = (caseId: string, recipient: string, stageKey = 'escalation-0'): HeldLine => ({
  key: `${caseId}|cp.visit|1|${stageKey}|${recipient}`,
  message: `digest|${recipient}|x`,
  kind: 'digest',
  channel: 'email',
  recipient,
  caseId,
  rule: 'cp.visit',
  stageKey,
  as: recipient === 'SW-1' ? 'worker' : 'TM',
  due: '2026-12-04',
});

describe('a paused local pipeline', () => {
  it('holds what its runs would send, sends nothing, and sends what is current once live', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-quiet-'));
    let now = Date.parse('2026-12-04T12:00:00Z');
    const open = (sending: 'paused' | 'live') =>
      startLocalPipeline({
        dataDir,
        profile: builtInProfile('default'),
        sending,
        now: () => now,
        sleep: async () => {},
      });
    const paused = await open('paused');
    try {
      await paused.store.directory.replace(SMALL_DIRECTORY);
      await ingestBatch(
        [
          {
            id: 'Q-1',
            type: 'case.allocated',
            caseId: 'CASE-Q',
            occurredAt: '2026-12-01',
            data: { workerId: 'SW-1', teamId: 'team-north-1', reason: 'new' },
          },
          { id: 'Q-2', type: 'cp_plan.started', caseId: 'CASE-Q', occurredAt: '2026-12-04', data: {} },
        ],
        'test',
        paused.ingestContext,
      );
      now = Date.parse('2026-12-11T07:00:00Z');
      const run = await paused.run(now, 'morning');
      expect(run).toMatchObject({ sending: 'paused', emails: 1, delivered: { messages: 0 } });
      expect(await paused.ses.sent()).toEqual([]);
      expect((await paused.store.outbox.heldOn('2026-12-11')).map((line) => line.key)).toEqual([
        'CASE-Q|cp.visit|1|reminder-5-working-days|SW-1',
      ]);
    } finally {
      await paused.close();
    }
    // Live the same morning: the reminder, held and not moved on, is still due and goes now.
    const live = await open('live');
    try {
      const run = await live.run(now, 'morning');
      expect(run).toMatchObject({ sending: 'live', delivered: { messages: 1 } });
      expect((await live.ses.sent()).map((mail) => mail.to)).toEqual([['sw-1@council.example']]);
    } finally {
      await live.close();
    }
  });
});

describe('los outbox list', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const today = londonDay(Date.now());
  const yesterday = londonDay(Date.now() - DAY_MS);

  it('lists what was held today, with counts by recipient and by rule, ids only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'los-outbox-'));
    const store = await openLocalStore(dataDir);
    try {
      await store.outbox.hold(yesterday, `${yesterday}T07:00:00.000Z`, [held('CASE-1', 'SW-1', 'due-today')]);
      await store.outbox.hold(today, `${today}T07:00:00.000Z`, [
        held('CASE-1', 'SW-1'),
        held('CASE-1', 'TM-1'),
      ]);
      await store.outbox.hold(today, `${today}T07:00:00.000Z`, [held('CASE-2', 'SW-1')]);
    } finally {
      await store.close();
    }
    const { code, out, err } = await los('outbox', 'list', '--data-dir', dataDir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out.split('\n')).toEqual([
      `Held since ${today} (sending paused; none of it will be sent): 3 lines in 2 messages to 2 recipients.`,
      'By recipient:',
      '  SW-1  2',
      '  TM-1  1',
      'By rule:',
      '  cp.visit  3',
      'Lines (day, recipient, message kind, case, rule, stage, due):',
      `  ${today}  SW-1  digest  CASE-1  cp.visit  escalation-0 (as worker)  due 2026-12-04`,
      `  ${today}  SW-1  digest  CASE-2  cp.visit  escalation-0 (as worker)  due 2026-12-04`,
      `  ${today}  TM-1  digest  CASE-1  cp.visit  escalation-0 (as TM)  due 2026-12-04`,
    ]);
    const since = await los('outbox', 'list', '--data-dir', dataDir, '--since', yesterday, '--json');
    const listed = JSON.parse(since.out) as { lines: { key: string }[]; byRule: Record<string, number> };
    expect(listed.lines).toHaveLength(4);
    expect(listed.byRule).toEqual({ 'cp.visit': 4 });
  });

  it('says when nothing was held, and refuses a --since it cannot read or that is too far back', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'los-outbox-'));
    expect((await los('outbox', 'list', '--data-dir', empty)).out).toBe(
      `Nothing was held since ${today}: either sending is live, or the runs had nothing to send.`,
    );
    for (const since of ['2026-02-30', 'yesterday', '2020-01-01', londonDay(Date.now() + 3 * DAY_MS)]) {
      const refused = await los('outbox', 'list', '--data-dir', empty, '--since', since);
      expect(refused.code, since).toBe(2);
      expect(refused.err, since).toMatch(/^los: --since /);
    }
  });

  it('lists the outbox of a table on AWS with --table, through the default AWS configuration', async () => {
    const dynamo = await startDynalite();
    try {
      const table = 'line-of-sight-outbox-test';
      await ensureTable(dynamo.client, table);
      await new DynamoNoticeOutbox(dynamo.client, table).hold(today, `${today}T07:00:00.000Z`, [
        held('CASE-1', 'TM-1'),
      ]);
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
      vi.stubEnv('AWS_REGION', 'eu-west-2');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      vi.stubEnv('AWS_PROFILE', undefined);
      const { code, out, err } = await los('outbox', 'list', '--table', table, '--json');
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect((JSON.parse(out) as { byRecipient: unknown }).byRecipient).toEqual({ 'TM-1': 1 });
    } finally {
      await dynamo.close();
    }
  });
});

describe('los serve and los rules check', () => {
  it('refuses a --sending that is not live or paused, before anything starts', async () => {
    const refused = await los(
      'serve',
      '--sending',
      'quiet',
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'los-')),
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('los: --sending quiet is not a mode: use live or paused');
  });

  it('prints a council profile’s version, as the deployed functions show it', async () => {
    expect((await los('rules', 'check', 'rules/profiles/example-council.json')).out).toBe(
      'rules/profiles/example-council.json: no problems found. Version sha256-45ffa4a41a2d3ca8.',
    );
  });
});
