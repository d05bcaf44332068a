/**
 * The board's Lambda bundle, built as the stack builds it (esbuild, ESM for Node 24, everything
 * bundled): it holds the Cognito sign-in and none of `local/`, so the laptop's sign-in page, which lets
 * anyone pick a member of staff, can never be deployed.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles the board with the Cognito sign-in and nothing from local/', async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../functions/handlers/lambda/board.ts', import.meta.url))],
    absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs).toContain('functions/board/cognito-sign-in.ts');
  expect(inputs).toContain('functions/board/app.ts');
  expect(inputs.filter((input) => input.startsWith('local/'))).toEqual([]);
}, 60_000);
