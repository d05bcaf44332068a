/**
 * `los quarantine list`: what ingest refused, read back from the local store (and with `--table` from a
 * table reached through the default AWS configuration, here dynalite): when, which way in, the event id
 * claimed and every reason, for the last 7 days unless `--since` says otherwise. The refused input is
 * printed only with `--payload`, as a JSON string, and nothing it holds reaches the terminal as a
 * control character.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.ts';
import { DynamoQuarantineStore } from '../../functions/adapters/dynamodb/quarantine-store.ts';
import type { QuarantineEntry } from '../../functions/core/ports.ts';
import { startDynalite } from '../../local/dynalite.ts';
import { openLocalStore } from '../../local/store.ts';
import { los } from '../support/los.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
const DAY_MS = 86_400_000;
const CHILD_NAME = 'Sentinel Childname';

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Refused input as the store keeps it. */
const OLD: QuarantineEntry = {
  receivedAt: daysAgo(10).toISOString(),
  channel: 'http',
  raw: JSON.stringify({
    id: 'old-1',
    type: 'visit.done',
    caseId: 'CASE-Q',
    occurredAt: '2026-01-05',
    data: {},
  }),
  problems: [{ path: 'type', message: 'is not a type of case event' }],
};
/** An id with an escape sequence in it (so not an id), a made-up field naming a child, a bidi override. */
const HOSTILE: QuarantineEntry = {
  receivedAt: daysAgo(2).toISOString(),
  channel: 'eventbridge',
  raw: `{"id":"e-2\u001b[2J","childName":"${CHILD_NAME}\u202e","note":"line\nbreak\u009b31m"}`,
  problems: [
    { path: 'id', message: 'must not contain control characters such as tabs or line breaks' },
    { path: 'note\u001b[31m', message: 'is not a recognised field' },
  ],
};

const dataDir = mkdtempSync(join(tmpdir(), 'los-quarantine-'));
const events = join(dataDir, 'events.ndjson');

beforeAll(async () => {
  const store = await openLocalStore(dataDir);
  try {
    await store.quarantine.put(OLD);
    await store.quarantine.put(HOSTILE);
  } finally {
    await store.close();
  }
  // And one refused by `los ingest` just now, as any way in would refuse it.
  writeFileSync(events, `${JSON.stringify({ id: 'new-1', type: 'cp_plan.started', caseId: 'CASE-Q' })}\n`);
  expect((await los('ingest', '--file', events, '--data-dir', dataDir)).code).toBe(3);
});

describe('los quarantine list', () => {
  it('lists the last 7 days, oldest first: time, way in, event id and reasons, without the input', async () => {
    const { code, out, err } = await los('quarantine', 'list', '--data-dir', dataDir);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const [heading, ...lines] = out.split('\n');
    expect(heading).toMatch(/^Quarantined since \d{4}-\d{2}-\d{2}T[\d:.]+Z, oldest first:$/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `${HOSTILE.receivedAt}  eventbridge  no event id  id: must not contain control characters such as ` +
        'tabs or line breaks; note\\u001b[31m: is not a recognised field',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^\\S+Z  file:${events.replaceAll('.', '\\.')}  event new-1  occurredAt: is required; data: is required$`,
      ),
    );
    expect(out).not.toContain(CHILD_NAME);
    expect(out).not.toMatch(CONTROL);
  });

  it('goes back to the start of the day --since names', async () => {
    const { out } = await los('quarantine', 'list', '--data-dir', dataDir, '--since', isoDay(daysAgo(11)));
    const lines = out.split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`${OLD.receivedAt}  http  event old-1  type: is not a type of case event`);
    expect(out.split('\n')[0]).toBe(`Quarantined since ${isoDay(daysAgo(11))}T00:00:00.000Z, oldest first:`);
  });

  it('prints the input with --payload as a JSON string, so no control character reaches the terminal', async () => {
    const { out } = await los('quarantine', 'list', '--data-dir', dataDir, '--payload');
    expect(out).not.toMatch(CONTROL);
    const hostile = out.split('\n')[1] as string;
    const payload = hostile.slice(hostile.indexOf('  payload ') + '  payload '.length);
    // JSON's own escapes, and \u escapes for what JSON leaves as it is: it reads back as the input.
    expect(JSON.parse(payload)).toBe(HOSTILE.raw);
    expect(out).toContain(CHILD_NAME);
  });

  it('prints JSON that reads back as what was stored, the input only with --payload', async () => {
    const plain = await los('quarantine', 'list', '--data-dir', dataDir, '--json');
    const listed = JSON.parse(plain.out) as { since: string; entries: Record<string, unknown>[] };
    expect(listed.entries.map((entry) => entry.eventId)).toEqual([null, 'new-1']);
    expect(listed.entries[0]).toEqual({
      receivedAt: HOSTILE.receivedAt,
      channel: 'eventbridge',
      eventId: null,
      problems: HOSTILE.problems,
    });
    expect(plain.out).not.toContain(CHILD_NAME);

    const withPayload = await los('quarantine', 'list', '--data-dir', dataDir, '--json', '--payload');
    expect(withPayload.out).not.toMatch(CONTROL);
    const [first] = (JSON.parse(withPayload.out) as { entries: { payload: string }[] }).entries;
    expect(first?.payload).toBe(HOSTILE.raw);
  });

  it('says so when nothing was refused, and refuses a --since that is not a day it can read', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'los-quarantine-'));
    expect((await los('quarantine', 'list', '--data-dir', empty)).out).toMatch(
      /^Nothing was quarantined since \S+Z\.$/,
    );
    for (const since of ['1 March', '2026-02-30', isoDay(daysAgo(-2)), isoDay(daysAgo(400))]) {
      const refused = await los('quarantine', 'list', '--data-dir', empty, '--since', since);
      expect(refused.code, since).toBe(2);
      expect(refused.err, since).toMatch(/^los: --since /);
    }
    expect((await los('quarantine', 'list', '--table', 't', '--data-dir', empty)).code).toBe(2);
  });

  describe('with --table, through the default AWS configuration', () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('lists the quarantine of the named table', async () => {
      const dynamo = await startDynalite();
      try {
        const table = 'line-of-sight-quarantine-test';
        await ensureTable(dynamo.client, table);
        await new DynamoQuarantineStore(dynamo.client, table).put(HOSTILE);
        // What an administrator's shell would hold; the endpoint variable sends the SDK to dynalite.
        vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
        vi.stubEnv('AWS_REGION', 'eu-west-2');
        vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
        vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
        vi.stubEnv('AWS_PROFILE', undefined);
        const { code, out, err } = await los('quarantine', 'list', '--table', table, '--json');
        expect({ code, err }).toEqual({ code: 0, err: '' });
        expect((JSON.parse(out) as { entries: unknown[] }).entries).toEqual([
          {
            receivedAt: HOSTILE.receivedAt,
            channel: 'eventbridge',
            eventId: null,
            problems: HOSTILE.problems,
          },
        ]);
      } finally {
        await dynamo.close();
      }
    });
  });
});
