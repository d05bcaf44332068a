/**
 * `los doctor`: checks a deployment as a whole, read-only, and says what to fix. With `--table
 * line-of-sight-<env>` (as the other commands name a deployment) it finds the deployment's functions,
 * schedules, queues and alarms by the names the stacks give them, in the region of the default AWS
 * chain, and reads them with the administrator's own credentials (`cli/doctor/aws.ts`); with
 * `--data-dir` it checks what applies to the local store (`cli/doctor/store.ts`). Each finding is ok,
 * a warning or a failure (`cli/doctor/findings.ts`); the command exits 3 when any fails, 0 otherwise,
 * and 2 when it could not check at all.
 */
import type { Command } from 'commander';
import { formatLondonHuman } from '../../functions/core/calendar/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { profileVersion } from '../../functions/rule-profile.ts';
import { deploymentNames, environmentOfTable } from '../../infra/names.ts';
import { openSharedStore } from '../../local/remote-store.ts';
import { tableOption } from '../aws-table.ts';
import { defaultDoctorClients, doctorOnAws, type HeldRules } from '../doctor/aws.ts';
import { exitCodeOf, type Finding, type Status } from '../doctor/findings.ts';
import { doctorLocally } from '../doctor/store.ts';
import { UsageError } from '../errors.ts';
import { morningRunMinutes, readFileBytes, resolveProfile } from '../options.ts';

interface DoctorOptions {
  dataDir: string;
  table?: string;
  profile?: string;
  morningRunTime?: string;
  json?: boolean;
}

/** The profile `--profile` names: the rules to read by, and its name and version to compare. */
function heldRules(nameOrPath: string): HeldRules {
  const profile = resolveProfile(nameOrPath);
  const builtIn = nameOrPath === 'default' || nameOrPath === 'statutory';
  return {
    profile,
    held: { name: nameOrPath, version: builtIn ? null : profileVersion(readFileBytes(nameOrPath)) },
  };
}

const LABEL: Readonly<Record<Status, string>> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

/** The findings as lines: status, check, what was found, and under it what to do. */
function findingLines(findings: readonly Finding[]): string[] {
  const width = Math.max(...findings.map(({ check }) => check.length));
  const indent = ' '.repeat(LABEL.ok.length + width + 4);
  return findings.flatMap(({ status, check, found, fix }) => [
    `${LABEL[status]}  ${check.padEnd(width)}  ${found}`,
    ...(fix ? [`${indent}→ ${fix}`] : []),
  ]);
}

const count = (findings: readonly Finding[], status: Status) =>
  findings.filter((finding) => finding.status === status).length;

/** Adds the `doctor` command. */
export function registerDoctor(
  program: Command,
  io: { print: (text: string) => void; setExitCode: (code: number) => void },
) {
  program
    .command('doctor')
    .description(
      'check a deployment as a whole and say what to fix (read-only): with --table on AWS, or the local store',
    )
    .option('--data-dir <dir>', 'where the local store lives', '.data')
    .addOption(
      tableOption().argParser((table: string) => {
        if (environmentOfTable(table) === null) {
          throw new UsageError(
            `--table ${table} is not a deployment’s table: give line-of-sight-<env>, as los:environmentName names it`,
          );
        }
        return table;
      }),
    )
    .option(
      '--profile <name>',
      'locally: the profile the runs use (default, statutory or a council profile .json; default by default); with --table: the profile you hold, compared with the one deployed, and whose ladders and calendar are used',
    )
    .option(
      '--morning-run-time <HH:MM>',
      'locally: the London time of the morning run (07:00 by default); with --table it is read from the deployment',
    )
    .option('--json', 'print JSON: { checked, at, findings: [ { check, status, found, fix? } ] }')
    .addHelpText(
      'after',
      `
With --table line-of-sight-<env>, the deployment's functions, schedules, queues, topic and alarms are
found by the names the stacks give them, in the region of the default AWS chain (AWS_REGION,
AWS_PROFILE), and read with your own credentials; nothing is changed. Exit codes: 0 nothing needs
fixing (warnings may remain), 3 something does (each FAIL line says what), 2 it could not check (no
credentials or region, no such table, a bad option). See docs/operations.md, "Checking a deployment".`,
    )
    .action(async (options: DoctorOptions) => {
      const now = Date.now();
      let checked: string;
      let findings: Finding[];
      if (options.table) {
        if (options.morningRunTime !== undefined) {
          throw new UsageError('--morning-run-time is read from the deployment with --table: leave it out');
        }
        const names = deploymentNames(environmentOfTable(options.table) as string);
        const rules = options.profile === undefined ? null : heldRules(options.profile);
        const { clients, close } = await defaultDoctorClients();
        try {
          findings = await doctorOnAws(names, clients, rules, now);
        } finally {
          close();
        }
        checked = `the deployment ${names.table} in ${clients.region}`;
      } else {
        const profile =
          options.profile === undefined ? builtInProfile('default') : resolveProfile(options.profile);
        const minutes = morningRunMinutes(options.morningRunTime ?? '07:00');
        const store = await openSharedStore(options.dataDir);
        try {
          const option = `--data-dir ${options.dataDir}`;
          findings = await doctorLocally(
            store,
            { profile, morningRunMinutes: minutes, now },
            { option, ingest: option, aws: false },
          );
        } finally {
          await store.close();
        }
        checked = `the local store in ${options.dataDir}`;
      }
      io.setExitCode(exitCodeOf(findings));
      if (options.json) {
        io.print(JSON.stringify({ checked, at: new Date(now).toISOString(), findings }, null, 2));
        return;
      }
      io.print(`los doctor: ${checked}, ${formatLondonHuman(now)}`);
      for (const line of findingLines(findings)) io.print(line);
      const fails = count(findings, 'fail');
      const warnings = count(findings, 'warn');
      io.print(
        fails > 0
          ? `${fails} to fix, ${warnings} to look at.`
          : warnings > 0
            ? `Nothing to fix; ${warnings} to look at.`
            : 'Nothing to fix.',
      );
    });
}
