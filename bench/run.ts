/**
 * `npm run bench [-- --quick] [-- --json]`: the performance figures, each against a baseline measured
 * in the same run. `--quick` runs the small sizes (about a minute and a half); `--json` prints one object.
 */

import { ensureTable } from '../functions/adapters/dynamodb/create-table.ts';
import { builtInProfile } from '../functions/core/rules/load.ts';
import { startDynalite } from '../local/dynalite.ts';
import { type BoardFigures, benchBoard, boardLines } from './board.ts';
import { benchCalendar } from './calendar.ts';
import { type Observed, PRICES, WORKLOADS, workloadCost } from './cost.ts';
import { benchEngine, engineLines } from './engine.ts';
import { benchImport, IMPORT_TARGETS } from './import.ts';
import { machine, round } from './measure.ts';
import { benchIngest, benchRun, type RunFigures } from './store.ts';
import { benchTimeliness, timelinessLines } from './timeliness.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const started = performance.now();
const progress = (text: string) => {
  if (!json) process.stderr.write(`… ${round((performance.now() - started) / 1000, 1)} s: ${text}\n`);
};

const PROFILE = 'default';
const profile = builtInProfile(PROFILE);

progress('working-day arithmetic');
const calendar = benchCalendar(quick);
progress('engine');
const engine = benchEngine(quick, profile);
progress('timeliness');
const timeliness = benchTimeliness(quick, profile);

const dynamo = await startDynalite();
const runs: RunFigures[] = [];
let ingest: Awaited<ReturnType<typeof benchIngest>>;
let board: BoardFigures;
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
    runs.push(await benchRun(dynamo, PROFILE, cases, indexOnly));
  }
  progress('ingest');
  ingest = await benchIngest(dynamo.client, profile, quick);
  progress('board');
  await ensureTable(dynamo.client, 'bench-board');
  board = await benchBoard(dynamo.client, 'bench-board', profile, quick ? 2_000 : 20_000);
} finally {
  await dynamo.close();
}
// Each command in a process of its own, on a store on disk (`--data-dir`), as a council runs it.
progress('import');
const imports = await benchImport(quick ? 1_000 : IMPORT_TARGETS.cases, quick ? 100 : 2_000, progress);

// The cost model's inputs: what ingest and a run asked of the store and sent, per unit of work. The
// run is the 2,000-case one, whose staff directory is its own council's: the larger councils reuse it,
// so their digests hold more lines each rather than going to more people. A month's mornings are priced
// at the mornings after the first: the first carries the whole backlog, once.
const measured = runs[0] as RunFigures;
const steady = measured.following;
const perCase = (value: number) => value / measured.cases;
const observed: Observed = {
  appendWriteUnitsPerEvent: ingest.appendWriteUnitsPerEvent,
  appendReadUnitsPerEvent: ingest.appendReadUnitsPerEvent,
  bytesPerEvent: ingest.bytesPerEvent,
  recomputeWriteUnits: ingest.laterRecomputeWriteUnits,
  recomputeReadUnits: ingest.laterRecomputeReadUnits,
  ingestSecondsPerInvocation: ingest.msPerBatch / 1000,
  runReadUnitsPerCase: perCase(steady.readUnits),
  runWriteUnitsPerCase: perCase(steady.writeUnits),
  runSecondsPerCase: perCase(steady.wallMs / 1000),
  emailsPerCase: perCase(steady.emails),
  cardsPerCase: perCase(steady.cards),
  noticesPerCase: perCase(steady.notices),
  storedPerCase: perCase(measured.deadlinesStored),
  occurrenceItemBytes: measured.occurrenceItemBytes,
};
const costs = WORKLOADS.map((workload) => workloadCost(observed, workload));
const largestRun = runs.reduce((largest, run) => (run.cases > largest.cases ? run : largest));

/** An import target in seconds: met or not only for the largest council's extract (full mode), else null. */
const importTarget = (target: number, wallMs: number) => ({
  target,
  cases: imports.cases,
  measured: round(wallMs / 1000),
  met: imports.cases >= IMPORT_TARGETS.cases ? wallMs / 1000 < target : null,
});

const figures = {
  mode: quick ? 'quick' : 'full',
  machine: machine(),
  calendar,
  engine,
  timeliness,
  runs,
  ingest,
  board,
  imports,
  cost: { prices: PRICES, observed, workloads: costs },
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
    // The largest run's peak resident set over its five mornings, in a process of its own.
    morningRunMemoryMb: {
      target: 512,
      cases: largestRun.cases,
      measured: largestRun.rssPeakMb,
      met: largestRun.rssPeakMb <= 512,
    },
    importFirstSeconds: importTarget(IMPORT_TARGETS.firstSeconds, imports.first.wallMs),
    importAgainSeconds: importTarget(IMPORT_TARGETS.againSeconds, imports.again.wallMs),
    boardPageMs: {
      target: board.targetMs,
      cases: board.cases,
      measured: Math.max(board.legalMs, board.permanencyMs),
      met: board.targetMet,
    },
    largestCouncilMonthlyUsd: {
      target: 5,
      measured: round((costs[0]?.totalUsd ?? 0) * 100) / 100,
      met: (costs[0]?.totalUsd ?? 0) < 5,
      afterAlwaysFree: round((costs[0]?.afterFreeUsd ?? 0) * 100) / 100,
    },
  },
  totalSeconds: round((performance.now() - started) / 1000, 1),
};

const n = (value: number) => value.toLocaleString('en-GB');
const usd = (value: number) => `$${value.toFixed(2)}`;

if (json) {
  console.log(JSON.stringify(figures));
} else {
  const { cpu, cores, node, platform } = figures.machine;
  const lines = [
    `Line of Sight benchmark (${figures.mode}) — ${cpu}, ${cores} cores, Node ${node}, ${platform}`,
    '',
    `Working-day arithmetic (addWorkingDays, anchors ${calendar.anchors}, n in 1..60)`,
    `  project calendar          ${n(calendar.projectOpsPerSecond)} ops/s`,
    `  baseline (date-fns+Set)   ${n(calendar.baselineOpsPerSecond)} ops/s`,
    `  ratio                     ${calendar.ratio}× (target ≥ 20×)  answers agree on ${n(calendar.verified)} samples, ${calendar.mismatches} mismatches`,
    '',
    ...engineLines(engine),
    '',
    ...timelinessLines(timeliness),
    '',
    'Scheduled run on dynalite (in memory), due index',
    ...runs.flatMap((run) => [
      `  ${n(run.cases)} cases: ${n(run.deadlinesStored)} deadlines (baseline: what a run without the index reads), ${n(run.inDueIndex)} in the due index, ${n(run.dueAtRun)} due at 07:00`,
      `    loaded ${n(run.loaded)} occurrence items${run.indexOnly ? ' (the due index only)' : ' (all)'} in ${n(run.loadMs)} ms`,
      `    first morning (the backlog): read ${n(run.read)} due, ${n(run.itemsRead)} items examined in ${n(run.requests)} requests (${run.readsPerDueItem}× the due items; ${run.storedOverRead}× fewer than stored) → ${n(run.messages)} messages (${n(run.emails)} emails, ${n(run.cards)} Teams cards) holding ${n(run.notices)} notices`,
      `    ${n(run.readUnits)} read units, ${n(run.writeUnits)} write units (next actions moved, the due index's included)`,
      `    the ${run.following.mornings} working mornings after it, a morning on average: ${n(run.following.read)} due read → ${n(run.following.messages)} messages (${n(run.following.emails)} emails, ${n(run.following.cards)} Teams cards) holding ${n(run.following.notices)} notices; ${n(run.following.readUnits)} read units, ${n(run.following.writeUnits)} write units, ${n(run.following.wallMs)} ms`,
      `    first run ${n(run.wallMs)} ms wall; the runs in a process of their own: heap ${run.heapBeforeMb} MB set up, grew ${run.heapGrowthMb} MB during the runs; peak heapUsed ${run.heapUsedPeakMb} MB, rss ${run.rssPeakMb} MB`,
    ]),
    '',
    `Ingest on dynalite (${n(ingest.events)} events of ${n(ingest.cases)} whole cases in case order, batches of ${ingest.batchSize})`,
    `  ingestBatch, DynamoDB stores   ${n(ingest.eventsPerSecond)} events/s (${ingest.accepted} accepted, ${ingest.rejected} rejected)`,
    `  ingestBatch, memory stores     ${n(ingest.memoryEventsPerSecond)} events/s`,
    `  baseline: one PutItem/event    ${n(ingest.rawPutEventsPerSecond)} events/s (ingest runs at ${ingest.ofRawPut}× its speed)`,
    `  per event stored               ${ingest.appendWriteUnitsPerEvent} write units, ${ingest.appendReadUnitsPerEvent} read units, ${n(ingest.bytesPerEvent)} bytes`,
    `  per recompute (${n(ingest.recomputes)} made)      ${ingest.recomputeWriteUnits} write units (${ingest.recomputeIndexWriteUnits} of them the due index's), ${ingest.recomputeReadUnits} read units; ${n(ingest.msPerBatch)} ms a batch`,
    `  a case's last event arriving ${ingest.laterMeanGapDays} days after the one before, on average (${n(ingest.laterRecomputes)} cases), next actions moved by the runs meanwhile:`,
    `    per recompute                ${ingest.laterRecomputeWriteUnits} write units (${ingest.laterRecomputeIndexWriteUnits} of them the due index's), ${ingest.laterRecomputeReadUnits} read units (what the cost model uses)`,
    `    baseline: writing every one  ${ingest.laterRecomputeWriteUnitsWritingAll} write units (comparing contents writes ${round(ingest.laterRecomputeWriteUnits / Math.max(1, ingest.laterRecomputeWriteUnitsWritingAll), 2)}× as much)`,
    '',
    ...boardLines(board),
    '',
    `Import of a synthetic SSD extract into a store on disk (--data-dir), each command in a process of its own`,
    `  extract: ${n(imports.cases)} cases, ${n(imports.rows)} rows, ${imports.extractMb} MB of CSV (generated in ${n(imports.generateMs)} ms) → ${n(imports.events)} events`,
    `  los import, first         ${n(round(imports.first.wallMs / 1000, 1))} s: ${n(imports.first.rowsPerSecond)} rows/s, ${n(imports.first.eventsPerSecond)} events/s, peak rss ${n(imports.first.rssPeakMb)} MB (${imports.first.problems} problems, ${imports.first.caseProblems} case problems)`,
    `  los import, again         ${n(round(imports.again.wallMs / 1000, 1))} s: ${n(imports.again.rowsPerSecond)} rows/s, ${n(imports.again.made)} made, ${n(imports.again.unchanged)} unchanged`,
    `  baseline: los ingest of the first ${n(imports.sample.cases)} cases' ${n(imports.ingest.accepted)} events (${n(imports.sample.rows)} rows): ${n(round(imports.ingest.wallMs / 1000, 1))} s, ${n(imports.ingest.rowsPerSecond)} rows/s, ${n(imports.ingest.eventsPerSecond)} events/s`,
    `  los import of the same ${n(imports.sample.cases)} cases  ${n(round(imports.sampleImport.wallMs / 1000, 1))} s: ${n(imports.sampleImport.rowsPerSecond)} rows/s (${imports.sampleRatio}× the baseline)`,
    `  ratio                     ${imports.ratio}× the baseline's rows/s${imports.cases >= IMPORT_TARGETS.cases ? `; targets: first under ${IMPORT_TARGETS.firstSeconds / 60} min — ${figures.targets.importFirstSeconds.met ? 'met' : 'not met'}, again under ${IMPORT_TARGETS.againSeconds / 60} min — ${figures.targets.importAgainSeconds.met ? 'met' : 'not met'}` : ` (the targets are for ${n(IMPORT_TARGETS.cases)} cases: full mode)`}`,
    '',
    `Cost model: ${PRICES.region} list prices as understood on ${PRICES.asOf} (check before relying), USD a month`,
    ...costs.flatMap((cost) => [
      `  ${cost.workload.name} (${n(cost.workload.cases)} cases, ${n(cost.workload.eventsPerYear)} events a year${cost.workload.deployments > 1 ? `, ×${cost.workload.deployments}` : ''}): ${usd(cost.totalUsd)}${cost.workload.deployments > 1 ? ` (${usd(cost.perDeploymentUsd)} each)` : ''}`,
      ...cost.lines
        .filter((line) => line.usd >= 0.005 * cost.workload.deployments)
        .map(
          (line) =>
            `    ${line.item.padEnd(44)} ${usd(line.usd).padStart(10)}  (${n(round(line.quantity))} ${line.unit})`,
        ),
      `    with ${cost.workload.deployments > 1 ? 'each deployment' : 'the deployment'} in an AWS account of its own, after AWS's always-free allowances: ${usd(cost.afterFreeUsd)}${cost.workload.deployments > 1 ? ` (${usd(cost.afterFreeUsd / cost.workload.deployments)} each)` : ''}`,
    ]),
    `  target for the largest council: under 5 USD a month, emails included — ${figures.targets.largestCouncilMonthlyUsd.met ? 'met' : 'not met'} at list prices`,
    '',
    `Total ${figures.totalSeconds} s`,
  ];
  console.log(lines.join('\n'));
}
