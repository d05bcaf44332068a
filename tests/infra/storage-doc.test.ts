/** docs/storage.md stays in step with the table layout it describes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withStorageTables } from '../../infra/storage-doc.ts';

describe('docs/storage.md', () => {
  it('has the layout’s item kinds and access patterns (run `npx tsx infra/write-storage-doc.ts`)', () => {
    const committed = readFileSync(new URL('../../docs/storage.md', import.meta.url), 'utf8');
    expect(committed, 'docs/storage.md is stale: run `npx tsx infra/write-storage-doc.ts`').toBe(
      withStorageTables(committed),
    );
  });

  it('refuses a page without the generated section’s markers', () => {
    expect(() => withStorageTables('# Storage\n')).toThrow(/must contain the lines/);
  });
});
