/**
 * `los doctor --data-dir` on a synthetic council in the local store (dynalite): what applies on one
 * machine (the directory and the gaps the open deadlines would meet, the quarantine, recompute marks,
 * the outbox while sending is paused, the weekly run), through the command as an administrator runs it;
 * and the command's refusals (exit 2) when it cannot check a deployment.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exitCodeOf, type Finding } from '../../cli/doctor/findings.ts';
import { doctorLocally } from '../../cli/doctor/store.ts';
import { parseIsoDate } from '../../functions/core/calendar/index.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import { demoCouncil, loadCouncil } from '../../local/load-council.ts';
import { type LocalPipeline, startLocalPipeline } from '../../local/pipeline.ts';
import { los } from '../support/los.ts';

const profile = builtInProfile('default');
const council = demoCouncil({ seed: 4, cases: 40, morning: parseIsoDate('2026-11-23') });
const dataDir = mkdtempSync(join(tmpdir(), 'los-doctor-'));
const target = { option: `--data-dir ${dataDir}`, ingest: `--data-dir ${dataDir}`, aws: false };
/** After the Monday's morning and weekly runs. */
const MONDAY = Date.parse('2026-11-23T09:00:00Z');
let pipeline: LocalPipeline;
let closed = false;
let now = council.loadedAt;

beforeAll(async () => {
  pipeline = await startLocalPipeline({ dataDir, profile, sending: 'paused', now: () => now });
  await loadCouncil(council, { store: pipeline.store, ingest: pipeline.ingestContext });
  now = Date.parse('2026-11-23T07:00:00Z');
  await pipeline.run(now, 'morning');
  await pipeline.runWeekly(Date.parse('2026-11-23T07:15:00Z'));
}, 180_000);
afterAll(async () => {
  if (!closed) await pipeline?.close();
});

const statusOf = (findings: readonly Finding[], check: string) =>
  findings.filter((finding) => finding.check === check).map(({ status }) => status);

describe('los doctor on one machine', () => {
  it('finds a loaded council in order, noting what a paused start held', async () => {
    const findings = await doctorLocally(
      pipeline.store,
      { profile, morningRunMinutes: 7 * 60, now: MONDAY },
      target,
    );
    expect(findings.map(({ check, status }) => [check, status])).toEqual([
      ['sending', 'warn'],
      ['teams', 'ok'],
      ['directory', 'ok'],
      ['allocations', 'ok'],
      ['quarantine', 'ok'],
      ['recompute', 'ok'],
      ['weekly run', 'ok'],
      ['imports', 'ok'],
    ]);
    expect(findings[0]?.fix).toContain(`los outbox list --data-dir ${dataDir}`);
    expect(findings.find(({ check }) => check === 'allocations')?.found).toMatch(
      /^The [\d,]+ open deadlines of \d+ cases reach their workers, managers and escalation levels\.$/,
    );
    expect(exitCodeOf(findings)).toBe(0);
  });

  it('finds a worker missing from the directory, refused input and a stopped recompute', async () => {
    const worker = council.directory.staff.find((member) => member.level === 'worker')?.id as string;
    await pipeline.store.directory.replace({
      ...council.directory,
      staff: council.directory.staff.filter((member) => member.id !== worker),
    });
    await pipeline.store.quarantine.put({
      receivedAt: '2026-11-22T10:00:00.000Z',
      channel: 'http',
      raw: '{}',
      problems: [{ path: 'id', message: 'is required' }],
    });
    await pipeline.store.marks.mark('CASE-X', '2026-11-23T08:00:00.000Z');
    const findings = await doctorLocally(
      pipeline.store,
      { profile, morningRunMinutes: 7 * 60, now: MONDAY },
      target,
    );
    expect(statusOf(findings, 'allocations')).toEqual(['warn']);
    expect(findings.find(({ check }) => check === 'allocations')?.found).toContain(
      `allocated worker ${worker} is not in the directory`,
    );
    expect(statusOf(findings, 'quarantine')).toEqual(['warn']);
    expect(statusOf(findings, 'recompute')).toEqual(['fail']);
    expect(JSON.stringify(findings)).not.toMatch(/@council\.example|Synthetic/);
  });

  it('prints the same through the command, which exits 3 when anything fails', async () => {
    // The command opens the data directory itself (or reaches it through a running npm start).
    await pipeline.close();
    closed = true;
    const { code, out } = await los('doctor', '--data-dir', dataDir, '--json');
    expect(code).toBe(3);
    const report = JSON.parse(out) as { checked: string; findings: Finding[] };
    expect(report.checked).toBe(`the local store in ${dataDir}`);
    expect(statusOf(report.findings, 'recompute')).toEqual(['fail']);
    const text = await los('doctor', '--data-dir', dataDir);
    expect(text.out).toMatch(/^FAIL {2}recompute +1 case has events stored/m);
    expect(text.out).toMatch(/→ The next batch of events repairs them/);
    expect(text.out.split('\n').at(-1)).toMatch(/^1 to fix, \d+ to look at\.$/);
  });
});

describe('los doctor refuses to start (exit 2)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('for a table that is not a deployment’s, or options that do not go together', async () => {
    const notDeployment = await los('doctor', '--table', 'staff');
    expect(notDeployment.code).toBe(2);
    expect(notDeployment.err).toContain(
      '--table staff is not a deployment’s table: give line-of-sight-<env>',
    );
    expect((await los('doctor', '--table', 'line-of-sight-prod', '--morning-run-time', '07:00')).code).toBe(
      2,
    );
    expect((await los('doctor', '--table', 'line-of-sight-prod', '--data-dir', dataDir)).code).toBe(2);
  });

  it('without an AWS region, saying what to set', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(dataDir, 'no-aws-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dataDir, 'no-aws-credentials'));
    const { code, err } = await los('doctor', '--table', 'line-of-sight-prod');
    expect(code).toBe(2);
    expect(err).toContain('los doctor could not run: no AWS region is set: set AWS_REGION');
  });
});
