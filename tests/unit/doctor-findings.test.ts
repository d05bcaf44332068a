/**
 * What `los doctor` concludes from what it read (`cli/doctor/findings.ts`): for each check, ok when all
 * is well, and a warning or a failure that says what to do, naming the setting, resource or command,
 * and citing a section of the runbook that exists. The command exits 3 when anything fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alarmFindings,
  allocationFindings,
  deadLetterFindings,
  directoryFindings,
  exitCodeOf,
  type Finding,
  functionsFindings,
  importFindings,
  placeholderFindings,
  profileFindings,
  quarantineFindings,
  recomputeFindings,
  scheduleFindings,
  sendingFindings,
  sesFindings,
  type Target,
  teamsFindings,
  teamsSecretFindings,
  weeklyFindings,
} from '../../cli/doctor/findings.ts';
import type { SesSendingStatus } from '../../functions/adapters/ses/sending-status.ts';
import type { ImportRecord } from '../../functions/core/imports/import-record.ts';

const TARGET: Target = {
  option: '--table line-of-sight-prod',
  ingest: '--bus line-of-sight-prod-case-events',
  aws: true,
};
const statuses = (findings: readonly Finding[]) => findings.map(({ status }) => status);

/** Every section of docs/operations.md, as GitHub names its anchor. */
const SECTIONS = new Set(
  readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => /^#{1,4} /.test(line))
    .map((line) =>
      line
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} -]/gu, '')
        .replaceAll(' ', '-'),
    ),
);

/** Every finding the tests below make, to check the sections their fixes cite. */
const made: Finding[] = [];
const judged = (findings: Finding[]) => {
  made.push(...findings);
  return findings;
};

const SES_OK: SesSendingStatus = {
  identity: 'council.gov.uk',
  identityFound: true,
  verifiedForSending: true,
  verificationStatus: 'SUCCESS',
  sandbox: false,
  sendingEnabled: true,
  quota: { perDay: 50_000, perSecond: 14, sentLastDay: 0 },
  problems: [],
};

describe('the deployment’s set-up', () => {
  it('fails for functions not found, naming them, and says nothing when all are there', () => {
    expect(judged(functionsFindings([]))).toEqual([]);
    const [missing] = judged(functionsFindings(['line-of-sight-prod-notify']));
    expect(missing).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('line-of-sight-prod-notify'),
    });
    expect(missing?.fix).toContain('npm run deploy');
  });

  it('fails while SES will not send as the identity, with SES’s reasons, and is ok with production access', () => {
    expect(statuses(judged(sesFindings(SES_OK)))).toEqual(['ok']);
    const [sandbox] = judged(
      sesFindings({
        ...SES_OK,
        sandbox: true,
        problems: ['The SES account is in the sandbox: request production access'],
      }),
    );
    expect(sandbox).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('request production access'),
    });
  });

  it('warns of placeholders while paused, fails them once live, naming each setting and what to set', () => {
    expect(statuses(judged(placeholderFindings([], 'paused')))).toEqual(['ok']);
    const placeholders = [
      { setting: 'los:senderAddress', why: 'council.example.gov.uk is an example domain' },
    ];
    const [paused] = judged(placeholderFindings(placeholders, 'paused'));
    expect(paused).toMatchObject({ status: 'warn', found: expect.stringContaining('los:senderAddress') });
    expect(paused?.fix).toContain('in a domain verified in SES');
    expect(statuses(placeholderFindings(placeholders, 'live'))).toEqual(['fail']);
  });

  it('fails a schedule missing, disabled or not in London time, and is ok when all three run', () => {
    const good = { state: 'ENABLED', timezone: 'Europe/London' };
    expect(
      statuses(
        judged(
          scheduleFindings([
            { name: 'line-of-sight-prod-morning-run', schedule: good },
            { name: 'line-of-sight-prod-hourly-run', schedule: good },
          ]),
        ),
      ),
    ).toEqual(['ok']);
    const [bad] = judged(
      scheduleFindings([
        {
          name: 'line-of-sight-prod-morning-run',
          schedule: { state: 'DISABLED', timezone: 'Europe/London' },
        },
        { name: 'line-of-sight-prod-hourly-run', schedule: { state: 'ENABLED', timezone: 'UTC' } },
        { name: 'line-of-sight-prod-weekly-run', schedule: null },
      ]),
    );
    expect(bad?.status).toBe('fail');
    expect(bad?.found).toContain('line-of-sight-prod-morning-run is DISABLED');
    expect(bad?.found).toContain('line-of-sight-prod-hourly-run runs in UTC, not Europe/London');
    expect(bad?.found).toContain('line-of-sight-prod-weekly-run does not exist');
  });

  it('compares the profile the functions run with the file held, and fails when they differ or disagree', () => {
    const council = (fn: string, version: string) => ({ function: fn, profile: 'council', version });
    const deployed = [council('a', 'sha256-0123456789abcdef'), council('b', 'sha256-0123456789abcdef')];
    expect(statuses(judged(profileFindings(deployed, null)))).toEqual(['ok']);
    expect(
      statuses(judged(profileFindings(deployed, { name: 'ours.json', version: 'sha256-0123456789abcdef' }))),
    ).toEqual(['ok']);
    const [differs] = judged(
      profileFindings(deployed, { name: 'ours.json', version: 'sha256-ffffffffffffffff' }),
    );
    expect(differs).toMatchObject({ status: 'fail', fix: expect.stringContaining('los:ruleProfile') });
    const [split] = judged(
      profileFindings([...deployed, { function: 'c', profile: 'default', version: null }], null),
    );
    expect(split?.status).toBe('fail');
    expect(
      statuses(
        profileFindings([{ function: 'a', profile: 'default', version: null }], {
          name: 'default',
          version: null,
        }),
      ),
    ).toEqual(['ok']);
  });

  it('fails an alarm missing or not wired to the topic, a topic nobody confirmed, and warns of alarms firing', () => {
    const topicArn = 'arn:aws:sns:eu-west-2:111122223333:line-of-sight-prod-alarms';
    const alarm = (name: string, state = 'OK') => ({
      name,
      actionsEnabled: true,
      actions: [topicArn],
      state,
    });
    const expected = ['line-of-sight-prod-a', 'line-of-sight-prod-b'];
    const topic = 'line-of-sight-prod-alarms';
    expect(
      statuses(
        judged(
          alarmFindings(
            expected,
            expected.map((name) => alarm(name)),
            topic,
            topicArn,
            { confirmed: 1, pending: 0 },
          ),
        ),
      ),
    ).toEqual(['ok']);
    const broken = judged(
      alarmFindings(
        expected,
        [{ ...alarm('line-of-sight-prod-a', 'ALARM'), actionsEnabled: false }],
        topic,
        topicArn,
        { confirmed: 0, pending: 1 },
      ),
    );
    expect(statuses(broken)).toEqual(['fail', 'fail', 'warn']);
    expect(broken[0]?.found).toContain('line-of-sight-prod-b');
    expect(broken[1]?.fix).toContain('confirm the subscription');
    expect(broken[2]?.found).toContain('line-of-sight-prod-a');
    const [nobody] = judged(alarmFindings(expected, [], topic, null, null).slice(1));
    expect(nobody?.fix).toContain('los:alarmEmail');
  });

  it('fails a dead-letter queue holding messages or missing, saying what it holds, and is ok when all are empty', () => {
    expect(statuses(judged(deadLetterFindings([{ kind: 'ingest', name: 'q-ingest', messages: 0 }])))).toEqual(
      ['ok'],
    );
    const failing = judged(
      deadLetterFindings([
        { kind: 'notices', name: 'line-of-sight-prod-notices-dlq', messages: 3 },
        { kind: 'ingest', name: 'line-of-sight-prod-ingest-dlq', messages: null },
      ]),
    );
    expect(statuses(failing)).toEqual(['fail', 'fail']);
    expect(failing[1]?.found).toBe(
      'line-of-sight-prod-notices-dlq holds 3 messages: emails and cards that were not sent.',
    );
  });

  it('fails Teams channels without a usable webhook, or a secret that cannot be used, never quoting a URL', () => {
    expect(statuses(judged(teamsFindings({ kind: 'not-configured' })))).toEqual(['ok']);
    expect(statuses(judged(teamsFindings({ kind: 'local' })))).toEqual(['ok']);
    const webhooks = { channels: ['teams-north'], notHttps: ['teams-east'] };
    expect(
      statuses(judged(teamsFindings({ kind: 'secret', secret: 'los/teams', webhooks, missing: [] }))),
    ).toEqual(['ok']);
    const [missing] = judged(
      teamsFindings({
        kind: 'secret',
        secret: 'los/teams',
        webhooks,
        missing: [{ channel: 'teams-east', teamIds: ['team-east-1'] }],
      }),
    );
    expect(missing).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('teams-east (team-east-1), not an https URL'),
    });
    const [secret] = judged(
      teamsSecretFindings('los/teams', 'the Teams webhooks secret los/teams does not exist'),
    );
    expect(secret).toMatchObject({
      status: 'fail',
      found: expect.stringMatching(/^The Teams webhooks secret/),
    });
  });
});

describe('what the store holds', () => {
  it('warns while sending is paused, with what was held, and is ok once live', () => {
    const held = { day: '2026-12-07', lines: 12, messages: 4 };
    expect(statuses(judged(sendingFindings('live', held, TARGET)))).toEqual(['ok']);
    const [paused] = judged(sendingFindings('paused', held, TARGET));
    expect(paused).toMatchObject({
      status: 'warn',
      found: expect.stringContaining('12 lines in 4 messages'),
    });
    expect(paused?.fix).toContain('los outbox list --table line-of-sight-prod');
    expect(statuses(sendingFindings(null, { ...held, lines: 0, messages: 0 }, TARGET))).toEqual(['ok']);
  });

  it('fails without a directory, saying how to load one, and counts one that is loaded', () => {
    expect(judged(directoryFindings({ staff: 40, teams: 6 }, TARGET))).toEqual([
      {
        check: 'directory',
        status: 'ok',
        found: 'The staff directory holds 40 members of staff in 6 teams.',
      },
    ]);
    const [empty] = judged(directoryFindings({ staff: 0, teams: 0 }, TARGET));
    expect(empty).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining(
        'los directory import staff.csv --table line-of-sight-prod, or drop it into the import bucket',
      ),
    });
  });

  it('fails notices that would reach nobody, warns of stand-ins and of no open deadline at all', () => {
    const none = { deadlines: 0, cases: 0, unreachable: [], standIns: [] };
    expect(judged(allocationFindings(none, null, TARGET))[0]).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('los ingest --file <events> --bus line-of-sight-prod-case-events'),
    });
    expect(statuses(judged(allocationFindings({ ...none, deadlines: 9, cases: 2 }, null, TARGET)))).toEqual([
      'ok',
    ]);
    const gaps = {
      deadlines: 9,
      cases: 3,
      unreachable: [{ gap: 'not allocated to a worker and the directory has no duty team', cases: 1 }],
      standIns: [{ gap: 'allocated worker SW-9 is not in the directory', cases: 2 }],
    };
    const findings = judged(allocationFindings(gaps, null, TARGET));
    expect(statuses(findings)).toEqual(['fail', 'warn']);
    expect(findings[1]?.found).toContain('allocated worker SW-9 is not in the directory (2 cases)');
  });

  it('warns of refused input, fails cases awaiting their recompute, each naming the command', () => {
    expect(statuses(judged(quarantineFindings(0, 7, TARGET)))).toEqual(['ok']);
    expect(judged(quarantineFindings(5, 7, TARGET))[0]).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('los quarantine list --table line-of-sight-prod'),
    });
    expect(statuses(judged(recomputeFindings(0, TARGET)))).toEqual(['ok']);
    expect(judged(recomputeFindings(2, TARGET))[0]).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('los rebuild --table line-of-sight-prod'),
    });
  });

  it('says where the latest weekly summaries stand: done, waiting, late, or not run while scheduled', () => {
    const weekly = { day: '2026-12-07', weekStart: '2026-11-30', late: false, scheduled: true };
    expect(statuses(judged(weeklyFindings({ ...weekly, state: 'done' }, TARGET)))).toEqual(['ok']);
    expect(statuses(judged(weeklyFindings({ ...weekly, state: 'waiting' }, TARGET)))).toEqual(['warn']);
    expect(statuses(judged(weeklyFindings({ ...weekly, state: 'waiting', late: true }, TARGET)))).toEqual([
      'fail',
    ]);
    expect(statuses(judged(weeklyFindings({ ...weekly, state: null }, TARGET)))).toEqual(['warn']);
    expect(statuses(weeklyFindings({ ...weekly, state: null, scheduled: false }, TARGET))).toEqual(['ok']);
    expect(statuses(weeklyFindings(null, TARGET))).toEqual(['ok']);
  });
});

describe('the imports', () => {
  const NOW = Date.parse('2026-12-08T09:00:00Z');
  const LOCAL: Target = { option: '--data-dir .data', ingest: '--data-dir .data', aws: false };
  const nightly: ImportRecord = {
    source: 'ssd',
    format: 'ssd',
    file: 'imports/ssd/extract.zip',
    via: 'import bucket',
    at: '2026-12-08T02:10:00.000Z',
    outcome: 'imported',
    counts: { children: 1200, made: 40, corrected: 3, withdrawn: 1, unchanged: 98_000 },
    written: null,
    problems: 0,
    refused: 0,
    problemPlaces: [],
    caseProblems: 0,
  };
  const places = [
    { file: 'ssd_cp_visits.csv', row: 4, column: 'cppv_cp_visit_date' },
    { file: 'ssd_cla_placement.csv', row: 90, column: 'clap_cla_placement_type', imported: true as const },
  ];

  it('say when each source was last imported and what it made, and that none has been', () => {
    const [finding] = judged(importFindings([nightly], NOW, TARGET));
    expect(finding).toEqual({
      check: 'imports',
      status: 'ok',
      found:
        'The last import of ssd (imports/ssd/extract.zip, import bucket, Tue 8 Dec 2026, 02:10 GMT): ' +
        '1,200 children, 40 events made, 3 corrected, 1 withdrawn, 98,000 unchanged.',
    });
    expect(judged(importFindings([], NOW, TARGET))[0]?.found).toContain(
      'under imports/ in the import bucket',
    );
    expect(importFindings([], NOW, LOCAL)[0]?.found).toBe('No extract has been imported (los import).');
  });

  it('warn when an import refused rows, naming their places and how to see why, and note the rest', () => {
    const refusing = { ...nightly, source: 'north', problems: 2, refused: 1, problemPlaces: places };
    const [finding] = judged(importFindings([refusing], NOW, TARGET));
    expect(finding?.status).toBe('warn');
    expect(finding?.found).toContain('The last import of north (ssd)');
    expect(finding?.found).toContain(
      'refused 1 row or event (ssd_cp_visits.csv row 4 cppv_cp_visit_date and ',
    );
    expect(finding?.fix).toContain('los import ssd <the extract> --source north --table line-of-sight-prod');
    const noted = { ...nightly, problems: 1, refused: 0, problemPlaces: [places[1]] } as ImportRecord;
    expect(judged(importFindings([noted], NOW, TARGET))[0]).toMatchObject({
      status: 'ok',
      found: expect.stringContaining('; 1 note to check (docs/imports.md).'),
    });
    const unworkable = { ...nightly, caseProblems: 2 };
    expect(judged(importFindings([unworkable], NOW, TARGET))[0]?.found).toContain(
      'left deadlines of 2 cases that the records do not let the rules work out',
    );
  });

  it('fail when an import was refused whole, and warn when one stopped before the end', () => {
    const refused: ImportRecord = {
      ...nightly,
      outcome: 'refused',
      counts: null,
      problems: 1,
      refused: 1,
      problemPlaces: [{ file: 'extract.zip' }],
    };
    const [failed] = judged(importFindings([refused], NOW, TARGET));
    expect(failed?.status).toBe('fail');
    expect(failed?.found).toContain('was refused: nothing of it was imported (extract.zip).');
    const stopped: ImportRecord = {
      ...nightly,
      outcome: 'stopped',
      counts: null,
      written: { cases: 500, of: 2000 },
    };
    const [warned] = judged(importFindings([stopped], NOW, TARGET));
    expect(warned?.status).toBe('warn');
    expect(warned?.found).toContain('500 of 2,000 cases written: the rest waits for the next drop.');
    expect(exitCodeOf(importFindings([refused], NOW, TARGET))).toBe(3);
    expect(exitCodeOf(importFindings([stopped], NOW, TARGET))).toBe(0);
  });

  it('warn when the last import through the bucket is over 36 hours old, but not one run by los import', () => {
    const old = { ...nightly, at: '2026-12-06T20:59:00.000Z' };
    expect(statuses(judged(importFindings([old], NOW, TARGET)))).toEqual(['ok', 'warn']);
    expect(importFindings([old], NOW, TARGET)[1]?.found).toContain('the nightly drop was missed');
    expect(statuses(importFindings([{ ...nightly, at: '2026-12-06T21:01:00.000Z' }], NOW, TARGET))).toEqual([
      'ok',
    ]);
    expect(statuses(importFindings([{ ...old, via: 'los import' }], NOW, LOCAL))).toEqual(['ok']);
  });
});

describe('the findings as a whole', () => {
  it('exit 3 when anything fails, 0 when only warnings remain', () => {
    expect(exitCodeOf(quarantineFindings(5, 7, TARGET))).toBe(0);
    expect(exitCodeOf([...quarantineFindings(5, 7, TARGET), ...recomputeFindings(1, TARGET)])).toBe(3);
  });

  it('cite only sections of docs/operations.md that exist', () => {
    const cited = made.flatMap(({ fix }) =>
      [...(fix ?? '').matchAll(/docs\/operations\.md#([\w-]+)/g)].map((m) => m[1]),
    );
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((anchor) => !SECTIONS.has(anchor as string))).toEqual([]);
  });
});
