#!/usr/bin/env node
// The `los` command. The project is TypeScript run directly through tsx, so `los` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
