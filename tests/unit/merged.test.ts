/**
 * `merged`, behind the parallel Scan of every deadline: every item of every source, each source read
 * at once, a failure thrown, and the other sources closed when reading stops.
 */
import { describe, expect, it } from 'vitest';
import { merged } from '../../functions/concurrency.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

async function* source(name: string, count: number, log: string[], failAt?: number) {
  try {
    for (let n = 1; n <= count; n++) {
      await tick();
      if (n === failAt) throw new Error(`${name} failed`);
      yield `${name}${n}`;
    }
  } finally {
    log.push(`${name} closed`);
  }
}

describe('merged', () => {
  it('yields every item of every source, reading them at once', async () => {
    const log: string[] = [];
    const items: string[] = [];
    for await (const item of merged([source('a', 3, log), source('b', 2, log), source('c', 0, log)])) {
      items.push(item);
    }
    expect([...items].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    // Interleaved, not one source after another.
    expect(items.indexOf('b1')).toBeLessThan(items.indexOf('a3'));
    expect(log.sort()).toEqual(['a closed', 'b closed', 'c closed']);
  });

  it('throws a source’s failure and closes the others', async () => {
    const log: string[] = [];
    const read = async () => {
      for await (const _ of merged([source('a', 100, log), source('b', 5, log, 2)])) {
        // read on
      }
    };
    await expect(read()).rejects.toThrow('b failed');
    expect(log.sort()).toEqual(['a closed', 'b closed']);
  });

  it('closes every source when the reader stops early', async () => {
    const log: string[] = [];
    for await (const item of merged([source('a', 100, log), source('b', 100, log)])) {
      if (item) break;
    }
    expect(log.sort()).toEqual(['a closed', 'b closed']);
  });
});
