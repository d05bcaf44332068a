/**
 * Action texts at rest: sealed with AES-256-GCM in the case's partition (through dynalite), read back
 * whole, never stored as written, refused when changed, moved or read under another key; the other
 * readers of a case's partition never see them; the local key file is made once, for its owner only.
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActionTextCipher,
  ActionTextUnreadable,
  keyFromSecret,
  newActionTextKey,
} from '../../functions/adapters/action-text/cipher.ts';
import { DynamoActionTextStore } from '../../functions/adapters/dynamodb/action-text-store.ts';
import { DynamoCaseEventStore } from '../../functions/adapters/dynamodb/event-store.ts';
import { DynamoNoticeLedger } from '../../functions/adapters/dynamodb/notice-ledger.ts';
import { itemKey } from '../../functions/storage/table-layout.ts';
import { ACTION_TEXT_KEY_FILE, localActionTextKey } from '../../local/action-text-key.ts';
import { dynaliteTables } from '../support/dynalite-tables.ts';

const dynamo = dynaliteTables('action-text');
const CASE = 'CASE-1006';
const TEXT = 'Sentinel: arrange the viability assessment of the grandmother — ask legal first';

async function store(key = newActionTextKey()) {
  const table = await dynamo.freshTable();
  return { table, key, texts: new DynamoActionTextStore(dynamo.client, table, new ActionTextCipher(key)) };
}

const sealedOf = async (table: string, actionId: string) =>
  (await dynamo.client.send(new GetCommand({ TableName: table, Key: itemKey.actionText(CASE, actionId) })))
    .Item as Record<string, unknown>;

describe('action texts in the table', () => {
  it('round-trip, each with its case, sealed so the stored item holds no part of the text', async () => {
    const { table, texts } = await store();
    await texts.put(CASE, 'act-first001', TEXT);
    await texts.put(CASE, 'act-second02', 'Ring the school');
    await texts.put('CASE-OTHER', 'act-third003', 'Not this case');
    expect(await texts.textsOf(CASE)).toEqual(
      new Map([
        ['act-first001', TEXT],
        ['act-second02', 'Ring the school'],
      ]),
    );
    expect(await texts.textsOf('CASE-NONE')).toEqual(new Map());
    const item = await sealedOf(table, 'act-first001');
    expect(JSON.stringify(item)).not.toContain('Sentinel');
    expect(JSON.stringify(item)).not.toContain('viability');
    expect(String(item.sealed)).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('replace a text put again', async () => {
    const { texts } = await store();
    await texts.put(CASE, 'act-first001', 'First wording');
    await texts.put(CASE, 'act-first001', 'Second wording');
    expect(await texts.textsOf(CASE)).toEqual(new Map([['act-first001', 'Second wording']]));
  });

  it('refuse a sealed text that was changed, or moved to another action', async () => {
    const { table, texts } = await store();
    await texts.put(CASE, 'act-first001', TEXT);
    const item = await sealedOf(table, 'act-first001');
    const parts = String(item.sealed).split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    await dynamo.client.send(new PutCommand({ TableName: table, Item: { ...item, sealed: tampered } }));
    await expect(texts.textsOf(CASE)).rejects.toBeInstanceOf(ActionTextUnreadable);
    const moved = { ...item, ...itemKey.actionText(CASE, 'act-second02'), actionId: 'act-second02' };
    await dynamo.client.send(new PutCommand({ TableName: table, Item: { ...item } }));
    await dynamo.client.send(new PutCommand({ TableName: table, Item: moved }));
    const error = await texts.textsOf(CASE).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ActionTextUnreadable);
    expect(String((error as Error).message)).not.toContain('Sentinel');
  });

  it('refuse to be read under another key', async () => {
    const { table, texts } = await store();
    await texts.put(CASE, 'act-first001', TEXT);
    const other = new DynamoActionTextStore(dynamo.client, table, new ActionTextCipher(newActionTextKey()));
    await expect(other.textsOf(CASE)).rejects.toBeInstanceOf(ActionTextUnreadable);
  });

  it('refuse an action id that is not one, as it is part of the key', async () => {
    const { texts } = await store();
    await expect(texts.put(CASE, 'NOTICE#x', TEXT)).rejects.toThrow(RangeError);
  });

  it('are not read as events or notices of the case', async () => {
    const { table, texts } = await store();
    await texts.put(CASE, 'act-first001', TEXT);
    expect(await new DynamoCaseEventStore(dynamo.client, table).eventsOf(CASE)).toEqual([]);
    expect(await new DynamoNoticeLedger(dynamo.client, table).noticesOf(CASE)).toEqual([]);
  });
});

describe('the action-text key', () => {
  it('is read from a secret in base64, hex or JSON, or derived from a generated one, and refused otherwise without quoting it', () => {
    const key = newActionTextKey();
    expect(keyFromSecret(key.toString('base64'))).toEqual(key);
    expect(keyFromSecret(` ${key.toString('hex')}\n`)).toEqual(key);
    expect(keyFromSecret(JSON.stringify({ actionTextKey: key.toString('base64') }))).toEqual(key);
    const generated = 'Qw7RtY2uIo9PaS3dFg5HjK1lZx8CvB4nM6qWeRtY';
    expect(keyFromSecret(generated)).toHaveLength(32);
    expect(keyFromSecret(`${generated}\n`)).toEqual(keyFromSecret(generated));
    expect(keyFromSecret(generated)).not.toEqual(keyFromSecret(`${generated}x`));
    for (const secret of ['Sentinel-secret', key.subarray(0, 16).toString('base64'), '{"Sentinel":', '{}']) {
      expect(() => keyFromSecret(secret)).toThrow(RangeError);
      try {
        keyFromSecret(secret);
      } catch (error) {
        expect((error as Error).message).not.toContain('Sentinel');
      }
    }
    expect(() => new ActionTextCipher(new Uint8Array(16))).toThrow(RangeError);
  });

  describe('on a laptop', () => {
    let dir: string | undefined;
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('is made on first use, readable by its owner only, and the same at the next start', async () => {
      dir = await mkdtemp(join(tmpdir(), 'los-action-key-'));
      const made = await localActionTextKey(dir);
      const path = join(dir, ACTION_TEXT_KEY_FILE);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await localActionTextKey(dir)).toEqual(made);
      expect(keyFromSecret(await readFile(path, 'utf8'))).toEqual(made);
    });

    it('is refused when others may read its file', async () => {
      dir = await mkdtemp(join(tmpdir(), 'los-action-key-'));
      const path = join(dir, ACTION_TEXT_KEY_FILE);
      await writeFile(path, newActionTextKey().toString('base64'));
      await chmod(path, 0o644);
      await expect(localActionTextKey(dir)).rejects.toThrow(/chmod 600/);
    });
  });
});
