/**
 * What `los doctor` concludes from what it read of a deployment: one or more findings per check, each
 * ok, a warning or a failure, saying in plain English what was found and, when something needs doing,
 * what to do, naming the setting, the resource or the command. Pure: the adapters (`aws.ts`,
 * `store.ts`) read, these functions judge. A finding names ids, settings and resources only: never a
 * secret, an address or a name.
 */
import type { SesSendingStatus } from '../../functions/adapters/ses/sending-status.ts';
import type { WebhookChannels } from '../../functions/adapters/teams/secrets-url-resolver.ts';
import { formatLondonHuman } from '../../functions/core/calendar/index.ts';
import type { AllocationGaps } from '../../functions/core/directory/allocation-gaps.ts';
import type { ChannelWithoutWebhook } from '../../functions/core/directory/teams-channels.ts';
import { type ImportRecord, placeText } from '../../functions/core/imports/import-record.ts';
import type { WeeklyRunState } from '../../functions/core/ports.ts';
import type { Sending } from '../../functions/handlers/lambda/environment.ts';
import { REPLACE_WITH } from '../../infra/settings.ts';
import { EXIT } from '../errors.ts';

/** How a finding stands: `fail` needs fixing (the command exits 3), `warn` deserves a look. */
export type Status = 'ok' | 'warn' | 'fail';

/** One thing found. */
export interface Finding {
  /** The check it comes from: `ses`, `schedules`, `directory`… */
  readonly check: string;
  readonly status: Status;
  /** What was found, in a sentence. */
  readonly found: string;
  /** What to do about it; absent when there is nothing to do. */
  readonly fix?: string;
}

const ok = (check: string, found: string): Finding => ({ check, status: 'ok', found });
const warn = (check: string, found: string, fix: string): Finding => ({ check, status: 'warn', found, fix });
const fail = (check: string, found: string, fix: string): Finding => ({ check, status: 'fail', found, fix });

/**
 * What the commands a fix names are given: `--table <name>` on AWS or `--data-dir <dir>` locally, and
 * where `los ingest` sends the backlog (`--bus <case-event bus>`, or the data directory).
 */
export interface Target {
  readonly option: string;
  readonly ingest: string;
  /** Whether it is a deployment on AWS (its import bucket, its settings). */
  readonly aws: boolean;
}

/** The runbook section `anchor` of docs/operations.md, as fixes cite it. */
export const runbook = (anchor: string) => `docs/operations.md#${anchor}`;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A list in words: `a`, `a and b`, `a, b and c`. */
const inWords = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** The first few of a list, and how many more. */
const someOf = (items: readonly string[], shown = 5) =>
  items.length <= shown
    ? inWords(items)
    : `${items.slice(0, shown).join(', ')} and ${plural(items.length - shown, 'more', 'more')}`;

/** A check that could not be made: what stopped it, and the permission it needs. */
export function couldNotCheck(check: string, what: string, error: string, needs: string): Finding {
  return fail(
    check,
    `Could not read ${what} (${error}).`,
    `Run los doctor with an identity that may ${needs} (${runbook('checking-a-deployment-los-doctor')}).`,
  );
}

/** The stateless stack's functions: whether each exists. */
export function functionsFindings(missing: readonly string[]): Finding[] {
  if (missing.length === 0) return [];
  return [
    fail(
      'functions',
      `No function ${inWords(missing)} in this region.`,
      'Deploy both stacks (npm run deploy), in the region of los:region (AWS_REGION here).',
    ),
  ];
}

/** Whether SES will send as the notifier's identity. Every problem must be put right before going live. */
export function sesFindings(status: SesSendingStatus): Finding[] {
  if (status.problems.length > 0) {
    return [
      fail(
        'ses',
        `SES will not send as ${status.identity} to every recipient yet.`,
        `${status.problems.join('; ')} (${runbook('2-ses-the-sending-domain-and-production-access')}).`,
      ),
    ];
  }
  const quota = status.quota.perDay === null ? '' : `, ${plural(status.quota.perDay, 'email')} a day`;
  return [ok('ses', `SES may send as ${status.identity}, with production access${quota}.`)];
}

/** Settings whose values are placeholders: noted while sending is paused, refused once live. */
export function placeholderFindings(
  placeholders: readonly { setting: string; why: string }[],
  sending: Sending,
): Finding[] {
  if (placeholders.length === 0) return [ok('placeholders', 'No setting is a placeholder.')];
  const settings = placeholders.map(({ setting, why }) => `${setting} (${why})`);
  const fix = `Before los:sending is live, set ${placeholders
    .map(({ setting }) => `${setting} to ${REPLACE_WITH[setting] ?? 'its real value'}`)
    .join('; ')}, in cdk.json, and deploy.`;
  const found = `${inWords(settings)} ${placeholders.length === 1 ? 'is a placeholder' : 'are placeholders'}.`;
  return [sending === 'live' ? fail('placeholders', found, fix) : warn('placeholders', found, fix)];
}

/** A schedule as EventBridge Scheduler has it; null when there is none of that name. */
export interface ScheduleFact {
  readonly name: string;
  readonly schedule: { readonly state: string | null; readonly timezone: string | null } | null;
}

/** The three schedules: there, enabled, and in London time. */
export function scheduleFindings(schedules: readonly ScheduleFact[]): Finding[] {
  const problems: string[] = [];
  for (const { name, schedule } of schedules) {
    if (schedule === null) problems.push(`${name} does not exist`);
    else {
      if (schedule.state !== 'ENABLED') problems.push(`${name} is ${schedule.state ?? 'in no state'}`);
      if (schedule.timezone !== 'Europe/London') {
        problems.push(`${name} runs in ${schedule.timezone ?? 'UTC'}, not Europe/London`);
      }
    }
  }
  if (problems.length === 0) {
    return [ok('schedules', `${inWords(schedules.map(({ name }) => name))} are enabled, in Europe/London.`)];
  }
  return [
    fail(
      'schedules',
      `${problems.join('; ')}: runs will not start when they should.`,
      'Deploy the stateless stack (npm run deploy) to make a missing schedule; enable a disabled one again in the EventBridge Scheduler console (line-of-sight schedules are never disabled by the stacks).',
    ),
  ];
}

/** The rule profile a function runs: RULE_PROFILE and RULE_PROFILE_VERSION. */
export interface DeployedProfileFact {
  readonly function: string;
  readonly profile: string | null;
  readonly version: string | null;
}

/** The profile the administrator holds, to compare: a built-in name, or a file's path and version. */
export interface HeldProfile {
  readonly name: string;
  readonly version: string | null;
}

const profileText = (profile: string | null, version: string | null) =>
  profile === 'council' ? `council profile ${version ?? '(no version)'}` : `profile ${profile ?? '(none)'}`;

/** The profile the functions run: the same in each, and the one the administrator holds, if given. */
export function profileFindings(
  deployed: readonly DeployedProfileFact[],
  held: HeldProfile | null,
): Finding[] {
  const kinds = new Set(deployed.map(({ profile, version }) => profileText(profile, version)));
  if (kinds.size > 1) {
    return [
      fail(
        'profile',
        `The functions run different rules: ${deployed.map((fact) => `${fact.function} the ${profileText(fact.profile, fact.version)}`).join('; ')}.`,
        'Deploy the stateless stack again (npm run deploy) so every function runs the same los:ruleProfile.',
      ),
    ];
  }
  const [first] = deployed;
  if (!first) return [];
  const running = profileText(first.profile, first.version);
  if (held === null) {
    return [
      ok(
        'profile',
        `The functions run the ${running}${first.profile === 'council' ? ' (give --profile <file> to compare it with yours)' : ''}.`,
      ),
    ];
  }
  const same =
    first.profile === 'council'
      ? held.version !== null && held.version === first.version
      : held.version === null && held.name === first.profile;
  if (same) return [ok('profile', `The functions run the ${running}, the same as ${held.name}.`)];
  return [
    fail(
      'profile',
      `The functions run the ${running}; ${held.name} is ${held.version === null ? `the profile ${held.name}` : `version ${held.version}`}.`,
      `Deploy with los:ruleProfile set to ${held.name} (npm run deploy), then los rebuild, if it is the one to run; otherwise compare with the file that was deployed (${runbook('a-council-profile')}).`,
    ),
  ];
}

/** What the runs held today while sending was paused. */
export interface HeldToday {
  readonly day: string;
  readonly lines: number;
  readonly messages: number;
}

/**
 * Whether the runs send. `sending` is the deployment's setting; null on one machine, where only what
 * was held says that sending is paused.
 */
export function sendingFindings(sending: Sending | null, held: HeldToday, target: Target): Finding[] {
  const heldText = `the runs held ${plural(held.lines, 'line')} in ${plural(held.messages, 'message')} on ${held.day}`;
  if (sending === 'live') return [ok('sending', 'Sending is live.')];
  if (sending === null && held.lines === 0) return [ok('sending', `Nothing was held on ${held.day}.`)];
  return [
    warn(
      'sending',
      `Sending is paused: ${heldText}, and nothing was sent.`,
      sending === null
        ? `Read them with los outbox list ${target.option}; los serve sends once started without --sending paused.`
        : `Read them with los outbox list ${target.option}. Once the directory and the backlog are loaded and nothing else here needs fixing, set los:sending to live and deploy (${runbook('10-the-first-morning')}).`,
    ),
  ];
}

/** The staff directory in use: loaded, with how many staff and teams. */
export function directoryFindings(counts: { staff: number; teams: number }, target: Target): Finding[] {
  if (counts.staff === 0) {
    return [
      fail(
        'directory',
        'No staff directory is loaded: no notice can be addressed.',
        `Import it: los directory import staff.csv ${target.option}${target.aws ? ', or drop it into the import bucket under directory/' : ''} (${runbook('7-load-the-staff-directory')}).`,
      ),
    ];
  }
  return [
    ok(
      'directory',
      `The staff directory holds ${plural(counts.staff, 'member')} of staff in ${plural(counts.teams, 'team')}.`,
    ),
  ];
}

/** Each gap with its count of cases. */
const gapList = (gaps: AllocationGaps['standIns']) =>
  someOf(gaps.map(({ gap, cases }) => `${gap} (${plural(cases, 'case')})`));

/**
 * The open deadlines against the directory: every notice they will need has someone to go to.
 * `caveat` says what the check could not know (a council profile whose file was not given).
 */
export function allocationFindings(gaps: AllocationGaps, caveat: string | null, target: Target): Finding[] {
  const note = caveat ? ` ${caveat}` : '';
  if (gaps.deadlines === 0) {
    return [
      warn(
        'allocations',
        'No deadline is open: the backlog of case events is not loaded yet, or nothing is due.',
        `Send the backlog: los ingest --file <events> ${target.ingest} (${runbook('8-load-the-backlog')}).`,
      ),
    ];
  }
  const fix = `Correct the staff directory (a worker missing, a reporting line, a vacant post, a duty team) and import it again (los directory import staff.csv ${target.option}).`;
  const findings: Finding[] = [];
  if (gaps.unreachable.length > 0) {
    findings.push(
      fail(
        'allocations',
        `Some notices of open deadlines would reach nobody: ${gapList(gaps.unreachable)}.${note}`,
        fix,
      ),
    );
  }
  if (gaps.standIns.length > 0) {
    findings.push(
      warn(
        'allocations',
        `The runs will meet gaps in the directory and tell someone else: ${gapList(gaps.standIns)}.${note}`,
        fix,
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(
      ok(
        'allocations',
        `The ${plural(gaps.deadlines, 'open deadline')} of ${plural(gaps.cases, 'case')} reach their workers, managers and escalation levels.${note}`,
      ),
    );
  }
  return findings;
}

/** What the doctor knows of Teams: not configured, on one machine (its sink takes any), or the secret. */
export type TeamsFact =
  | { readonly kind: 'not-configured' }
  | { readonly kind: 'local' }
  | {
      readonly kind: 'secret';
      readonly secret: string;
      readonly webhooks: WebhookChannels;
      readonly missing: readonly ChannelWithoutWebhook[];
    };

/** The directory's Teams channels against the webhooks secret's. */
export function teamsFindings(teams: TeamsFact): Finding[] {
  if (teams.kind === 'not-configured') {
    return [ok('teams', 'Teams is not configured (los:teamsWebhooksSecret): notices go by email only.')];
  }
  if (teams.kind === 'local') return [ok('teams', 'The local Teams sink takes every channel.')];
  if (teams.missing.length === 0) {
    return [ok('teams', `Every Teams channel of the directory has a webhook in ${teams.secret}.`)];
  }
  const channels = teams.missing.map(
    ({ channel, teamIds }) =>
      `${channel} (${someOf(teamIds, 3)})${teams.webhooks.notHttps.includes(channel) ? ', not an https URL' : ''}`,
  );
  return [
    fail(
      'teams',
      `${plural(teams.missing.length, 'Teams channel')} of the directory ${teams.missing.length === 1 ? 'has' : 'have'} no usable webhook in ${teams.secret}: ${someOf(channels)}; their cards would be refused.`,
      `Add each channel's Workflows URL to the secret ${teams.secret} (${runbook('teams-channels')}), or correct the teams_channel column and import the directory again.`,
    ),
  ];
}

/** The webhooks secret could not be used at all (missing, or not a map): every card would be refused. */
export function teamsSecretFindings(secret: string, why: string): Finding[] {
  return [
    fail(
      'teams',
      `${why[0]?.toUpperCase()}${why.slice(1)}: every card would be refused.`,
      `Create the secret ${secret} as a JSON map of channel to webhook URL, or leave los:teamsWebhooksSecret unset for email only (${runbook('teams-channels')}).`,
    ),
  ];
}

/** An alarm as CloudWatch has it. */
export interface AlarmFact {
  readonly name: string;
  readonly actionsEnabled: boolean;
  readonly actions: readonly string[];
  readonly state: string;
}

/** The alarms topic's subscriptions: confirmed, and waiting for their confirmation. */
export interface SubscriptionsFact {
  readonly confirmed: number;
  readonly pending: number;
}

/**
 * The alarms: every one there, notifying the alarms topic, someone subscribed to the topic, and which
 * are firing. `topicArn` is the topic's ARN when any alarm names it.
 */
export function alarmFindings(
  expected: readonly string[],
  alarms: readonly AlarmFact[],
  topicName: string,
  topicArn: string | null,
  subscriptions: SubscriptionsFact | null,
): Finding[] {
  const byName = new Map(alarms.map((alarm) => [alarm.name, alarm]));
  const missing = expected.filter((name) => !byName.has(name));
  const unwired = alarms.filter(
    (alarm) => !alarm.actionsEnabled || topicArn === null || !alarm.actions.includes(topicArn),
  );
  const findings: Finding[] = [];
  if (missing.length > 0 || unwired.length > 0) {
    findings.push(
      fail(
        'alarms',
        [
          missing.length > 0 ? `${plural(missing.length, 'alarm')} missing: ${someOf(missing)}` : '',
          unwired.length > 0
            ? `${plural(unwired.length, 'alarm')} not notifying ${topicName}: ${someOf(unwired.map(({ name }) => name))}`
            : '',
        ]
          .filter(Boolean)
          .join('; ')
          .concat('.'),
        'Deploy the stateless stack again (npm run deploy); an alarm whose actions were turned off comes back on with aws cloudwatch enable-alarm-actions --alarm-names <name>.',
      ),
    );
  }
  if (subscriptions === null || subscriptions.confirmed === 0) {
    const pending = subscriptions?.pending ?? 0;
    findings.push(
      fail(
        'alarms',
        pending > 0
          ? `Nobody is told when an alarm fires: the subscription to ${topicName} waits for its confirmation.`
          : `Nobody is told when an alarm fires: ${topicName} has no subscription.`,
        pending > 0
          ? 'Open the email from AWS Notifications sent to los:alarmEmail and confirm the subscription.'
          : `Set los:alarmEmail and deploy (then confirm the email AWS sends), or subscribe your own tools to ${topicName} (${runbook('alarms')}).`,
      ),
    );
  }
  const firing = alarms.filter((alarm) => alarm.state === 'ALARM').map(({ name }) => name);
  if (firing.length > 0) {
    findings.push(
      warn(
        'alarms',
        `${plural(firing.length, 'alarm')} firing: ${someOf(firing)}.`,
        `See what each means and what to do in ${runbook('alarms')}.`,
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(
      ok(
        'alarms',
        `The ${plural(expected.length, 'alarm')} notify ${topicName}, which has ${plural(subscriptions?.confirmed ?? 0, 'confirmed subscription')}; none is firing.`,
      ),
    );
  }
  return findings;
}

/** What waits in each dead-letter queue, and where the runbook says what to do. */
const DEAD_LETTERS: Readonly<Record<string, { holds: string; anchor: string }>> = {
  ingest: {
    holds: 'case events that were not stored',
    anchor: 'when-the-ingest-dead-letter-queue-has-messages',
  },
  notices: { holds: 'emails and cards that were not sent', anchor: 'redriving-dead-letters' },
  scheduleRun: {
    holds: 'scheduled runs that failed for good',
    anchor: 'scheduled-runs-and-the-notices-queue',
  },
  sesEvents: {
    holds: 'bounces and complaints not recorded in the directory',
    anchor: 'sending-email-and-teams-cards',
  },
  directoryLoader: {
    holds: 'staff directory files that could not be loaded',
    anchor: 'loading-it-from-the-import-bucket',
  },
  importLoader: {
    holds: 'extracts that could not be imported',
    anchor: 'nightly-imports-from-the-import-bucket',
  },
};

/** A dead-letter queue: its name, and how many messages it holds; null when it does not exist. */
export interface QueueFact {
  /** Its key in `infra/names.ts` (`ingest`, `notices`…). */
  readonly kind: string;
  readonly name: string;
  readonly messages: number | null;
}

/** The dead-letter queues: each there, and empty. */
export function deadLetterFindings(queues: readonly QueueFact[]): Finding[] {
  const findings: Finding[] = [];
  const missing = queues.filter(({ messages }) => messages === null).map(({ name }) => name);
  if (missing.length > 0) {
    findings.push(
      fail(
        'dead letters',
        `No queue ${inWords(missing)} in this region.`,
        'Deploy the stateless stack (npm run deploy).',
      ),
    );
  }
  for (const { kind, name, messages } of queues) {
    if (messages === null || messages === 0) continue;
    const about = DEAD_LETTERS[kind];
    findings.push(
      fail(
        'dead letters',
        `${name} holds ${plural(messages, 'message')}: ${about?.holds ?? 'what failed for good'}.`,
        `Read why in the function's log, put the cause right, then redrive or purge the queue (${runbook(about?.anchor ?? 'redriving-dead-letters')}).`,
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(ok('dead letters', `The ${plural(queues.length, 'dead-letter queue')} are empty.`));
  }
  return findings;
}

/** What ingest refused in the last `days` days. */
export function quarantineFindings(refused: number, days: number, target: Target): Finding[] {
  if (refused === 0) return [ok('quarantine', `Nothing was refused in the last ${days} days.`)];
  return [
    warn(
      'quarantine',
      `${plural(refused, 'input')} refused by ingest in the last ${days} days, kept with their reasons: not stored.`,
      `List them with los quarantine list ${target.option}; have the case system correct them and send them again (${runbook('the-quarantine')}).`,
    ),
  ];
}

/** Cases whose events were stored over 5 minutes ago but whose deadlines were not recomputed since. */
export function recomputeFindings(awaiting: number, target: Target): Finding[] {
  if (awaiting === 0) return [ok('recompute', 'No case awaits its recompute.')];
  return [
    fail(
      'recompute',
      `${plural(awaiting, 'case')} ${awaiting === 1 ? 'has' : 'have'} events stored over 5 minutes ago that ${awaiting === 1 ? 'its' : 'their'} deadlines were not recomputed from.`,
      `The next batch of events repairs them; to repair them now, run los rebuild ${target.option} (${runbook('rebuild')}).`,
    ),
  ];
}

/** The latest weekly run due by now, and what it recorded. */
export interface WeeklyFact {
  /** The London day of the run and the Monday of the week it summarises. */
  readonly day: string;
  readonly weekStart: string;
  readonly state: WeeklyRunState | null;
  /** Whether it has waited over 3 hours (`WEEKLY_LATE_MS`). */
  readonly late: boolean;
  /** Whether the schedules existed by then; null when that cannot be known (on one machine). */
  readonly scheduled: boolean | null;
}

/** Where the latest weekly summaries stand. */
export function weeklyFindings(weekly: WeeklyFact | null, target: Target): Finding[] {
  if (weekly === null) return [ok('weekly run', 'No weekly run has been due.')];
  const { day, weekStart, state } = weekly;
  if (state === 'done') {
    return [
      ok(
        'weekly run',
        `The weekly summaries of the week from ${weekStart} were handed on (or held) on ${day}.`,
      ),
    ];
  }
  if (state === 'waiting') {
    const waited = weekly.late ? 'have waited over 3 hours' : 'are waiting';
    const found = `The weekly summaries due on ${day} ${waited} for cases awaiting their recompute.`;
    const fix = `Repair those cases (los rebuild ${target.option}); the next hourly run that day sends them (${runbook('scheduled-runs-and-the-notices-queue')}).`;
    return [weekly.late ? fail('weekly run', found, fix) : warn('weekly run', found, fix)];
  }
  if (weekly.scheduled !== true) {
    return [
      ok(
        'weekly run',
        `No weekly run is recorded for ${day}${weekly.scheduled === false ? ', before the schedules were made' : ''}.`,
      ),
    ];
  }
  return [
    warn(
      'weekly run',
      `The weekly run due on ${day} recorded nothing: it did not run, or failed.`,
      `Read the schedule-run function's log for that morning; to send the week's summaries the same day, invoke it with {"run": "weekly"} (${runbook('scheduled-runs-and-the-notices-queue')}).`,
    ),
  ];
}

/**
 * How old the last import through the import bucket may be: a nightly drop, with room for a late
 * export. Older, and the night's drop was missed.
 */
export const NIGHTLY_IMPORT_MAX_AGE_MS = 36 * 3_600_000;

/** `ssd` or `north (ssd)`: a source, with its format when it has a name of its own. */
const sourceText = ({ source, format }: ImportRecord) =>
  source === format ? source : `${source} (${format})`;

/** Where a record's first problems are, in words. */
const placesText = (record: ImportRecord) =>
  someOf(record.problemPlaces.map(placeText), 3).concat(
    record.problems > record.problemPlaces.length ? ` (${plural(record.problems, 'problem')} in all)` : '',
  );

/**
 * The last import of each source, as each recorded itself: when it ran and what it came to (ok); that
 * it was refused whole (fail) or stopped before the end (warn); that it refused rows or events, or
 * left deadlines that could not be worked out (warn); and, for a source imported through the import
 * bucket, that its last import is older than a nightly one would be (warn). A source imported with
 * `los import` from a machine (a first load, Annex A once) is not expected nightly.
 */
export function importFindings(records: readonly ImportRecord[], now: number, target: Target): Finding[] {
  if (records.length === 0) {
    return [
      ok(
        'imports',
        target.aws
          ? 'No extract has been imported (los import, or a file dropped under imports/ in the import bucket).'
          : 'No extract has been imported (los import).',
      ),
    ];
  }
  const guide = 'docs/imports.md';
  const findings: Finding[] = [];
  for (const record of [...records].sort((a, b) => a.source.localeCompare(b.source))) {
    const at = Date.parse(record.at);
    const last = `The last import of ${sourceText(record)} (${record.file ?? 'a file'}, ${record.via}, ${formatLondonHuman(at)})`;
    const rerun = `los import ${record.format} <the extract>${record.source === record.format ? '' : ` --source ${record.source}`} ${target.option}`;
    if (record.outcome === 'refused') {
      findings.push(
        fail(
          'imports',
          `${last} was refused: nothing of it was imported (${placesText(record)}).`,
          `See each problem with ${rerun} (or on a scratch --data-dir), put the extract right and import it again (${runbook('nightly-imports-from-the-import-bucket')}).`,
        ),
      );
    } else if (record.outcome === 'stopped') {
      const written = record.written ?? { cases: 0, of: 0 };
      findings.push(
        warn(
          'imports',
          `${last} stopped near the function’s time limit, ${written.cases.toLocaleString('en-GB')} of ${plural(written.of, 'case')} written: the rest waits for the next drop.`,
          `The next drop of the source writes the rest; if it stops every night, import from a machine with ${rerun} (${runbook('nightly-imports-from-the-import-bucket')}).`,
        ),
      );
    } else {
      const counts = record.counts ?? { children: 0, made: 0, corrected: 0, withdrawn: 0, unchanged: 0 };
      const made = `${plural(counts.children, 'child', 'children')}, ${plural(counts.made, 'event')} made, ${counts.corrected.toLocaleString('en-GB')} corrected, ${counts.withdrawn.toLocaleString('en-GB')} withdrawn, ${counts.unchanged.toLocaleString('en-GB')} unchanged`;
      const notes = record.problems - record.refused;
      if (record.refused > 0 || record.caseProblems > 0) {
        const what = [
          record.refused > 0
            ? `refused ${plural(record.refused, 'row or event', 'rows or events')} (${placesText(record)})`
            : '',
          record.caseProblems > 0
            ? `left deadlines of ${plural(record.caseProblems, 'case')} that the records do not let the rules work out`
            : '',
        ].filter(Boolean);
        findings.push(
          warn(
            'imports',
            `${last}: ${made}; it ${inWords(what)}.`,
            `See each problem with ${rerun} (it quotes no cell), and have the case system put the rows right (${guide}).`,
          ),
        );
      } else {
        findings.push(
          ok(
            'imports',
            `${last}: ${made}${notes > 0 ? `; ${plural(notes, 'note')} to check (${guide})` : ''}.`,
          ),
        );
      }
    }
    if (record.via === 'import bucket' && now - at > NIGHTLY_IMPORT_MAX_AGE_MS) {
      findings.push(
        warn(
          'imports',
          `Nothing has been imported for ${sourceText(record)} since ${formatLondonHuman(at)}, over 36 hours ago: the nightly drop was missed.`,
          `Check the council’s nightly export into the import bucket under imports/${record.format}/, and the import loader’s log (${runbook('nightly-imports-from-the-import-bucket')}).`,
        ),
      );
    }
  }
  return findings;
}

/** The exit code for the findings: {@link EXIT.partial} (3) when any fails, else 0. */
export const exitCodeOf = (findings: readonly Finding[]) =>
  findings.some(({ status }) => status === 'fail') ? EXIT.partial : EXIT.ok;
