/**
 * A regression guard for the engine's speed work: the published output of 50 synthetic cases (every
 * deadline with its explanation, every problem, the allocation) under two profiles and two as-of
 * moments, hashed. The hash was taken from the straightforward engine before it was optimised; any
 * change that alters a single deadline, status or word changes it.
 *
 * The cases come from the synthetic council generator, so its input is hashed too. If only the input
 * hash fails, the generator changed, not the engine: take both new hashes from the failure messages
 * in a change that does not touch the engine. If only the output hash fails, the engine's results
 * changed: intended changes must say so in the rule tests first, then update the hash here.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CaseEvent, canonicalJson, eventsByCase } from '../../events/index.ts';
import { caseDeadlinesJson, evaluateCase, type Moment, momentOf } from '../../functions/core/engine/index.ts';
import { buildProfile, builtInProfile } from '../../functions/core/rules/load.ts';
import { generateCouncil } from '../../local/synthetic-council.ts';

const INPUT_SHA256 = '365404f73179345cf20c2ece319ead0cf93023664c0b8910602ee158b88dc09b';
const OUTPUT_SHA256 = 'eac6e1eee490fd594631a43feb2c28223a6b900d76083fe963b0cc36ab1bdcea';

const profiles = [
  builtInProfile('default'),
  buildProfile({
    name: 'closes-at-christmas',
    workingDayCounting: 'inclusive',
    closureDays: ['2025-12-29', '2025-12-30', '2025-12-31'].map((date) => ({
      date,
      name: 'Council closure',
    })),
  }),
];
const asOfs: Moment[] = [
  { day: momentOf('2026-11-22').day, ms: Date.parse('2026-11-22T18:00:00.000Z') },
  momentOf('2025-06-30'),
];

/**
 * What a case system also sends: an event sent twice with different content, a retraction, and
 * arrival out of order. Deterministic, so the hash is stable.
 */
function withCorrections(events: readonly CaseEvent[], index: number): CaseEvent[] {
  const copy = [...events];
  const twice = events[(index * 7) % events.length] as CaseEvent;
  const withdrawn = events[(index * 13) % events.length] as CaseEvent;
  copy.push({ ...twice, source: 'resent' });
  copy.push({
    id: `RETRACT-${withdrawn.id}`,
    type: 'event.retracted',
    caseId: withdrawn.caseId,
    occurredAt: withdrawn.occurredAt,
    data: { eventId: withdrawn.id },
  } as CaseEvent);
  return copy.reverse();
}

const sha256 = (parts: readonly string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('hex');
};

describe('engine output over 50 synthetic cases', () => {
  const cases = [...eventsByCase(generateCouncil({ seed: 7, asOf: '2026-11-23', cases: 50 }).events)].map(
    ([caseId, events], index) => [caseId, index % 2 === 0 ? withCorrections(events, index) : events] as const,
  );

  it('reads the same synthetic input as when the hash was taken', () => {
    expect(sha256(cases.flatMap(([, events]) => events.map(canonicalJson)))).toBe(INPUT_SHA256);
  });

  it('gives the same deadlines, statuses, explanations and problems as before it was optimised', () => {
    const outputs: string[] = [];
    for (const profile of profiles) {
      for (const asOf of asOfs) {
        for (const [caseId, events] of cases) {
          const evaluation = evaluateCase(caseId, events, profile, asOf);
          outputs.push(
            JSON.stringify({ ...caseDeadlinesJson(evaluation), allocation: evaluation.allocation }),
          );
        }
      }
    }
    expect(sha256(outputs)).toBe(OUTPUT_SHA256);
  });
});
