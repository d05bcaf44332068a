/**
 * The engine on one core: every case of a synthetic council evaluated as of one moment, without and
 * with the explanation of each deadline read (the wording is built lazily, so reading it is the cost).
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
  casesPerSecond: number;
  casesPerSecondWithExplanations: number;
  explanationCost: number;
  eventsPerSecond: number;
  target: number;
  targetMet: boolean;
  /** Peak while evaluating, with one slice of the council (≤ 2,000 cases' events) held in memory. */
  heapUsedPeakMb: number;
  rssPeakMb: number;
  generateMs: number;
}

export function benchEngine(quick: boolean, profile: Profile): EngineFigures {
  const total = quick ? 2_000 : 20_000;
  const asOf: Moment = { day: londonDayOf(COMPUTED_AT), ms: COMPUTED_AT };
  const memory = new MemoryPeak();
  let sink = 0;

  const evaluateAll = (entries: readonly [string, CaseEvent[]][], explain: boolean) => {
    collectGarbage();
    memory.sample();
    let deadlines = 0;
    const started = performance.now();
    for (let i = 0; i < entries.length; i++) {
      const [caseId, caseEvents] = entries[i] as [string, CaseEvent[]];
      const evaluation = evaluateCase(caseId, caseEvents, profile, asOf);
      deadlines += evaluation.deadlines.length;
      if (explain) for (const deadline of evaluation.deadlines) sink += deadline.explain.length;
      if ((i & 127) === 0) memory.sample();
    }
    const ms = performance.now() - started;
    memory.sample();
    return { ms, deadlines };
  };

  let events = 0;
  let deadlines = 0;
  let plainMs = 0;
  let explainedMs = 0;
  let generateMs = 0;
  let warm = false;
  for (const slice of slices(total)) {
    const entries = [...slice.cases];
    events += slice.events;
    generateMs += slice.generateMs;
    // Warm-up: the first cases compile the engine's hot paths before anything is timed.
    if (!warm) evaluateAll(entries.slice(0, SLICE_CASES / 10), true);
    warm = true;
    // Interleaved, so that both see the same load on a shared machine.
    const plain = evaluateAll(entries, false);
    const explained = evaluateAll(entries, true);
    plainMs += plain.ms;
    explainedMs += explained.ms;
    deadlines += plain.deadlines;
  }
  if (sink < 0) console.log(sink);
  const casesPerSecond = total / (plainMs / 1000);
  const withExplanations = total / (explainedMs / 1000);
  return {
    cases: total,
    events,
    deadlines,
    eventsPerCase: round(events / total, 1),
    deadlinesPerCase: round(deadlines / total, 1),
    casesPerSecond: round(casesPerSecond),
    casesPerSecondWithExplanations: round(withExplanations),
    explanationCost: round(casesPerSecond / withExplanations, 2),
    eventsPerSecond: round(events / (plainMs / 1000)),
    target: 20_000,
    targetMet: casesPerSecond >= 20_000,
    heapUsedPeakMb: mb(memory.heapUsed),
    rssPeakMb: mb(memory.rss),
    generateMs: round(generateMs),
  };
}
