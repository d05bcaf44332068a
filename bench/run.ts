/**
 * `npm run bench [-- --quick] [-- --json]`: the performance figures, each against a baseline measured
 * in the same run. `--quick` runs the small sizes (well under a minute); `--json` prints one object.
 */
import { startDynalite } from '../local/dynalite.ts';
import { builtInProfile } from '../rules/load.ts';
import { benchCalendar } from './calendar.ts';
import { benchEngine } from './engine.ts';
import { machine, round } from './measure.ts';
import { benchIngest, benchRun, type RunFigures } from './store.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const started = performance.now();
const progress = (text: string) => {
  if (!json) process.stderr.write(`… ${round((performance.now() - started) / 1000, 1)} s: ${text}\n`);
};

const profile = builtInProfile('default');

progress('working-day arithmetic');
const calendar = benchCalendar(quick);
progress('engine');
const engine = benchEngine(quick, profile);

const dynamo = await startDynalite();
const runs: RunFigures[] = [];
let ingest: Awaited<ReturnType<typeof benchIngest>>;
try {
  // Loading dynalite runs at a few thousand items a second and a case has ~140 deadline occurrences, so
  // only full mode's 2,000-case run loads every occurrence; the others load the due index's content
  // (occurrences out of the sparse index are invisible to the run's queries).
  const plan: [number, boolean][] = quick
    ? [[2_000, true]]
    : [
        [2_000, false],
        [20_000, true],
      ];
  for (const [cases, indexOnly] of plan) {
    progress(`scheduled run over ${cases} cases${indexOnly ? ' (due index loaded)' : ''}`);
    runs.push(await benchRun(dynamo.client, profile, cases, indexOnly));
  }
  progress('ingest');
  ingest = await benchIngest(dynamo.client, profile, quick);
} finally {
  await dynamo.close();
}

const figures = {
  mode: quick ? 'quick' : 'full',
  machine: machine(),
  calendar,
  engine,
  runs,
  ingest,
  targets: {
    calendarRatio: { target: 20, measured: calendar.ratio, met: calendar.ratio >= 20 },
    engineCasesPerSecond: {
      target: 20_000,
      measured: engine.casesPerSecond,
      met: engine.casesPerSecond >= 20_000,
    },
    runReadsPerDueItem: {
      target: 2,
      measured: Math.max(...runs.map((run) => run.readsPerDueItem)),
      met: runs.every((run) => run.readsPerDueItem <= 2),
    },
  },
  totalSeconds: round((performance.now() - started) / 1000, 1),
};

const n = (value: number) => value.toLocaleString('en-GB');

if (json) {
  console.log(JSON.stringify(figures));
} else {
  const { cpu, cores, node, platform } = figures.machine;
  const lines = [
    `Line of Sight benchmark (${figures.mode}) — ${cpu}, ${cores} cores, Node ${node}, ${platform}`,
    '',
    'Working-day arithmetic (addWorkingDays, anchors 2019–2027, n in 1..60)',
    `  project calendar          ${n(calendar.projectOpsPerSecond)} ops/s`,
    `  baseline (date-fns+Set)   ${n(calendar.baselineOpsPerSecond)} ops/s`,
    `  ratio                     ${calendar.ratio}× (target ≥ 20×)  answers agree on ${n(calendar.verified)} samples, ${calendar.mismatches} mismatches`,
    '',
    `Engine, one core, ${n(engine.cases)} synthetic cases (${engine.eventsPerCase} events/case, ${engine.deadlinesPerCase} deadlines/case)`,
    `  evaluate                  ${n(engine.casesPerSecond)} cases/s (${n(engine.eventsPerSecond)} events/s; target 20,000 cases/s: ${engine.targetMet ? 'met' : `${round((engine.casesPerSecond / 20_000) * 100)}% of it`})`,
    `  evaluate + explain all    ${n(engine.casesPerSecondWithExplanations)} cases/s (wording costs ${engine.explanationCost}×)`,
    `  peak heapUsed / rss       ${engine.heapUsedPeakMb} MB / ${engine.rssPeakMb} MB`,
    '',
    'Scheduled run on dynalite (in memory), due index',
    ...runs.flatMap((run) => [
      `  ${n(run.cases)} cases: ${n(run.deadlinesStored)} deadlines (baseline: what a run without the index reads), ${n(run.inDueIndex)} in the due index, ${n(run.dueAtRun)} due at 07:00`,
      `    loaded ${n(run.loaded)} occurrence items${run.indexOnly ? ' (the due index only)' : ' (all)'} in ${n(run.loadMs)} ms`,
      `    read ${n(run.read)} due, ${n(run.itemsRead)} items examined in ${n(run.requests)} requests (${run.readsPerDueItem}× the due items; ${run.storedOverRead}× fewer than stored) → ${n(run.messages)} messages holding ${n(run.notices)} notices`,
      `    run ${n(run.wallMs)} ms wall; heap grew ${run.heapGrowthMb} MB during the run; process peak heapUsed ${run.heapUsedPeakMb} MB, rss ${run.rssPeakMb} MB (dynalite in the same process)`,
    ]),
    '',
    `Ingest on dynalite (${n(ingest.events)} events of ${n(ingest.cases)} whole cases in case order, batches of ${ingest.batchSize})`,
    `  ingestBatch, DynamoDB stores   ${n(ingest.eventsPerSecond)} events/s (${ingest.accepted} accepted, ${ingest.rejected} rejected)`,
    `  ingestBatch, memory stores     ${n(ingest.memoryEventsPerSecond)} events/s`,
    `  baseline: one PutItem/event    ${n(ingest.rawPutEventsPerSecond)} events/s (ingest runs at ${ingest.ofRawPut}× its speed)`,
    '',
    `Total ${figures.totalSeconds} s`,
  ];
  console.log(lines.join('\n'));
}
