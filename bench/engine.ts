/**
 * The engine on one core: every case of a synthetic council evaluated as of one moment, without and
 * with the explanation of each deadline read (the wording is built lazily, so reading it is the cost).
 * Rates are of one core: each pass is timed by the wall clock and by the process's CPU time, and the
 * smaller counts. Both bound the evaluating thread's own time from above: the wall clock also runs
 * while other work on a shared machine has the core, and the process's CPU time includes the garbage
 * collector's helper threads. Both rates are reported too.
 */
import type { CaseEvent } from '../events/index.ts';
import { londonDayOf } from '../functions/core/calendar/index.ts';
import { evaluateCase, type Moment, type Profile } from '../functions/core/engine/index.ts';
import { COMPUTED_AT, SLICE_CASES, slices } from './council.ts';
import { collectGarbage, MemoryPeak, mb, round } from './measure.ts';

export interface EngineFigures {
  cases: number;
  events: number;
  deadlines: number;
  eventsPerCase: number;
  deadlinesPerCase: number;
  /** Cases per second of one core: over the smaller of wall-clock and CPU time, pass by pass. */
  casesPerSecond: number;
  /** The same passes by the clock on the wall, which a loaded machine slows down. */
  casesPerSecondWall: number;
  /** The same passes by the process's CPU time, which the collector's helper threads add to. */
  casesPerSecondCpu: number;
  casesPerSecondWithExplanations: number;
  explanationCost: number;
  eventsPerSecond: number;
  deadlinesPerSecond: number;
  /** Timed passes over every case, each without and then with explanations. */
  passes: number;
  target: number;
  targetMet: boolean;
  /** Peak while evaluating, with one slice of the council (≤ 2,000 cases' events) held in memory. */
  heapUsedPeakMb: number;
  rssPeakMb: number;
  generateMs: number;
}

/** Milliseconds of CPU time (user and system) this process has used. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export function benchEngine(quick: boolean, profile: Profile): EngineFigures {
  const total = quick ? 2_000 : 20_000;
  // Quick mode times one slice three times over; full mode's ten slices are each timed once.
  const passes = quick ? 3 : 1;
  const asOf: Moment = { day: londonDayOf(COMPUTED_AT), ms: COMPUTED_AT };
  const memory = new MemoryPeak();
  let sink = 0;

  const evaluateAll = (entries: readonly [string, CaseEvent[]][], explain: boolean) => {
    collectGarbage();
    memory.sample();
    let deadlines = 0;
    const started = performance.now();
    const startedCpu = cpuMs();
    for (let i = 0; i < entries.length; i++) {
      const [caseId, caseEvents] = entries[i] as [string, CaseEvent[]];
      const evaluation = evaluateCase(caseId, caseEvents, profile, asOf);
      deadlines += evaluation.deadlines.length;
      if (explain) for (const deadline of evaluation.deadlines) sink += deadline.explain.length;
      if ((i & 127) === 0) memory.sample();
    }
    const cpu = cpuMs() - startedCpu;
    const wall = performance.now() - started;
    memory.sample();
    return { cpu, wall, deadlines };
  };

  let events = 0;
  let deadlines = 0;
  let timed = 0;
  const spent = { plain: 0, plainCpu: 0, plainWall: 0, explained: 0 };
  let generateMs = 0;
  let warm = false;
  for (const slice of slices(total)) {
    const entries = [...slice.cases];
    events += slice.events;
    generateMs += slice.generateMs;
    // Warm-up: a whole pass compiles the engine's hot paths (and the wording's) before anything is timed.
    if (!warm) {
      evaluateAll(entries, false);
      evaluateAll(entries.slice(0, SLICE_CASES / 10), true);
    }
    warm = true;
    for (let pass = 0; pass < passes; pass++) {
      // Interleaved, so that both see the same load on a shared machine.
      const plain = evaluateAll(entries, false);
      const explained = evaluateAll(entries, true);
      spent.plain += Math.min(plain.cpu, plain.wall);
      spent.plainCpu += plain.cpu;
      spent.plainWall += plain.wall;
      spent.explained += Math.min(explained.cpu, explained.wall);
      if (pass === 0) deadlines += plain.deadlines;
      timed += entries.length;
    }
  }
  if (sink < 0) console.log(sink);
  const perSecond = (count: number, ms: number) => count / (ms / 1000);
  const casesPerSecond = perSecond(timed, spent.plain);
  const withExplanations = perSecond(timed, spent.explained);
  return {
    cases: total,
    events,
    deadlines,
    eventsPerCase: round(events / total, 1),
    deadlinesPerCase: round(deadlines / total, 1),
    casesPerSecond: round(casesPerSecond),
    casesPerSecondWall: round(perSecond(timed, spent.plainWall)),
    casesPerSecondCpu: round(perSecond(timed, spent.plainCpu)),
    casesPerSecondWithExplanations: round(withExplanations),
    explanationCost: round(casesPerSecond / withExplanations, 2),
    eventsPerSecond: round(casesPerSecond * (events / total)),
    deadlinesPerSecond: round(casesPerSecond * (deadlines / total)),
    passes,
    target: 20_000,
    targetMet: casesPerSecond >= 20_000,
    heapUsedPeakMb: mb(memory.heapUsed),
    rssPeakMb: mb(memory.rss),
    generateMs: round(generateMs),
  };
}

const n = (value: number) => value.toLocaleString('en-GB');

/** The engine's figures as the benchmark prints them. */
export function engineLines(engine: EngineFigures): string[] {
  const share = engine.targetMet ? 'met' : `${round((engine.casesPerSecond / engine.target) * 100)}% of it`;
  return [
    `Engine, one core, ${n(engine.cases)} synthetic cases (${engine.eventsPerCase} events/case, ${engine.deadlinesPerCase} deadlines/case), ${engine.passes} timed pass(es)`,
    `  evaluate                  ${n(engine.casesPerSecond)} cases/s (${n(engine.eventsPerSecond)} events/s, ${n(engine.deadlinesPerSecond)} deadlines/s; target ${n(engine.target)} cases/s: ${share})`,
    `                            by the wall clock ${n(engine.casesPerSecondWall)} cases/s, by CPU time ${n(engine.casesPerSecondCpu)}`,
    `  evaluate + explain all    ${n(engine.casesPerSecondWithExplanations)} cases/s (wording costs ${engine.explanationCost}×)`,
    `  peak heapUsed / rss       ${engine.heapUsedPeakMb} MB / ${engine.rssPeakMb} MB`,
  ];
}
