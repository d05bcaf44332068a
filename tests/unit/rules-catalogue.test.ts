/**
 * The catalogue and profiles as data: the project's catalogue is valid and keeps the public rule ids'
 * meanings, and every kind of mistake a council could make is caught at load with its place named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeTimescale } from '../../functions/core/rules/describe.ts';
import {
  buildProfile,
  builtInProfile,
  checkProfile,
  loadCatalogue,
  validateCatalogue,
} from '../../functions/core/rules/load.ts';
import { CATALOGUE_FILES } from '../../rules/catalogue/index.ts';
import defaults from '../../rules/defaults.json' with { type: 'json' };
import documents from '../../rules/documents.json' with { type: 'json' };
import { EXAMPLES_SUFFIX } from '../../rules/examples.ts';

const catalogueDir = new URL('../../rules/catalogue/', import.meta.url);

describe('the project catalogue', () => {
  it('lists every catalogue file in its index', () => {
    const files = readdirSync(catalogueDir).filter(
      (f) => f.endsWith('.json') && !f.endsWith(EXAMPLES_SUFFIX),
    );
    expect(CATALOGUE_FILES.map((f) => f.file).sort()).toEqual(files.sort());
  });

  it('loads with no problems', () => {
    expect(validateCatalogue(CATALOGUE_FILES, defaults).problems).toEqual([]);
  });

  it.each([
    ['assessment.completion', '45 working days'],
    ['cp.initial-conference', '15 working days'],
    ['cp.first-core-group', '10 working days'],
    ['cp.core-group', 'every 6 weeks'],
    [
      'cp.review-conference',
      '91 days (first review: 3 months, read as 91 days), then every 183 days (later reviews: 6 months, read as 183 days)',
    ],
    ['cp.visit', 'every 10 working days'],
    ['cin.visit', 'every 15 working days or 21 days, whichever is sooner'],
    ['cin.review', 'every 6 weeks'],
    [
      'cic.review',
      '20 working days (first review), then 91 days (second review: 3 months, read as 91 days), then every 183 days (later reviews: 6 months, read as 183 days)',
    ],
  ])('keeps the public meaning of %s: %s', (id, timescale) => {
    const rule = builtInProfile('default').rules.find((r) => r.id === id);
    expect(rule && describeTimescale(rule.definition)).toBe(timescale);
  });

  it('keeps cic.visit at 6 weeks by default and oversight.cadence at 4 weeks, 6 for the stated exceptions', () => {
    const rules = builtInProfile('default').rules;
    const lastRegime = (id: string) =>
      rules.find((r) => r.id === id)?.definition.intervals[0]?.at(-1)?.offset;
    expect(lastRegime('cic.visit')).toEqual({ amount: 6, unit: 'weeks' });
    expect(lastRegime('oversight.cadence')).toEqual({ amount: 4, unit: 'weeks' });
    expect(rules.find((r) => r.id === 'oversight.cadence')?.definition.intervals[0]?.[0]?.offset).toEqual({
      amount: 6,
      unit: 'weeks',
    });
  });

  it('says what to do for every rule, and no title names a birthday beside the date a notice gives', () => {
    for (const rule of builtInProfile('default').rules) {
      expect(rule.action, rule.id).toMatch(/^[A-Z][^.]{9,59}$/);
      expect(rule.title, rule.id).not.toMatch(/birthday/i);
    }
  });

  it('rests each rule with a national floor on the law under the default profile too: cic.visit on reg 28', () => {
    for (const rule of builtInProfile('default').rules) {
      for (const citation of rule.definition.statutory?.source ?? []) {
        expect(rule.source, rule.id).toContainEqual(citation);
      }
    }
    expect(builtInProfile('default').rules.find((r) => r.id === 'cic.visit')?.source).toContainEqual({
      document: 'cppcr-2010',
      section: "Part 5: Visits by the responsible authority's representative",
      ref: 'reg 28',
    });
  });

  it('cites a local practice document in every rule, or the national floor it enforces', () => {
    const practice = new Set(documents.documents.filter((d) => d.kind === 'local').map((d) => d.key));
    for (const rule of loadCatalogue().rules) {
      const local = rule.source.some((s) => practice.has(s.document));
      expect(local || rule.statutory !== undefined, `${rule.id} cites neither`).toBe(true);
    }
  });
});

/** A copy of one real catalogue file, changed by `mutate`, checked alone. */
function problemsAfter(mutate: (rule: Record<string, unknown>) => void, file = 'child-protection.json') {
  const original = CATALOGUE_FILES.find((f) => f.file === file)?.content as {
    rules: Record<string, unknown>[];
  };
  const copy = structuredClone(original);
  mutate(copy.rules[0] as Record<string, unknown>);
  return validateCatalogue([{ file, content: copy }], defaults).problems;
}

describe('a mistake in a catalogue file', () => {
  it.each([
    [
      'an unknown event type',
      (r: Record<string, unknown>) => (r.start = [{ type: 'strategy.held' }]),
      /strategy\.held is not an event type/,
    ],
    [
      'a data field the event does not have',
      (r: Record<string, unknown>) =>
        (r.start = [{ type: 'strategy_discussion.held', where: { s47: true } }]),
      /strategy_discussion\.held has no data field s47 \(its fields: s47Initiated\)/,
    ],
    [
      'a value the field cannot take',
      (r: Record<string, unknown>) =>
        (r.satisfiedBy = [{ type: 'conference.held', where: { conferenceType: 'initail' } }]),
      /"initail" is not a value conference\.held conferenceType can take/,
    ],
    [
      'an unknown fact',
      (r: Record<string, unknown>) =>
        (r.intervals = [
          {
            regimes: [
              { when: { placement: 'x' }, offset: { amount: 1, unit: 'weeks' } },
              { offset: { amount: 1, unit: 'weeks' } },
            ],
          },
        ]),
      /placement is not a fact/,
    ],
    [
      'an unknown fact in a matcher',
      (r: Record<string, unknown>) => (r.stop = [{ type: 'case.closed', when: { plan: true } }]),
      /stop\[0\]\.when\.plan: plan is not a fact/,
    ],
    [
      'a reconsider on a rule that does not recur',
      (r: Record<string, unknown>) => (r.reconsider = [{ type: 'cp_plan.started' }]),
      /only recurring rules have reconsider/,
    ],
    [
      'an unknown document key',
      (r: Record<string, unknown>) =>
        (r.source = [{ document: 'practice-standards', section: 'x', ref: '1' }]),
      /must be one of the document keys/,
    ],
    [
      'a timescale laxer than the national floor',
      (r: Record<string, unknown>) => (r.intervals = [{ offset: { amount: 3, unit: 'weeks' } }]),
      /3 weeks is longer than the national floor of 15 working days for the first interval/,
    ],
    [
      'a conditional last regime',
      (r: Record<string, unknown>) =>
        (r.intervals = [{ regimes: [{ when: { disabled: true }, offset: { amount: 1, unit: 'weeks' } }] }]),
      /the last regime must apply otherwise/,
    ],
    [
      'an escalation that does not start at the breach',
      (r: Record<string, unknown>) =>
        (r.escalation = [{ after: { amount: 2, unit: 'working-days' }, levels: ['SM'] }]),
      /the first escalation step is the breach itself/,
    ],
    [
      'an anchor on a rule with a national floor',
      (r: Record<string, unknown>) =>
        (r.anchor = { firstAfterStart: [{ type: 'case.allocated' }], fallback: 'start' }),
      /the national floor counts from the start event, so a rule with one cannot count from a later anchor/,
    ],
    [
      'an anchor naming an unknown event type',
      (r: Record<string, unknown>) => {
        delete r.statutory;
        r.anchor = { firstAfterStart: [{ type: 'case.allocate' }], fallback: 'start' };
      },
      /anchor\.firstAfterStart\[0\]\.type: case\.allocate is not an event type/,
    ],
    [
      "a start on both events and another rule's breach",
      (r: Record<string, unknown>) => (r.start = [{ breachOf: 'cp.visit' }, { type: 'cp_plan.started' }]),
      /a rule starts on events or on other rules' breaches, not both/,
    ],
    [
      'a breach of a rule that does not exist',
      (r: Record<string, unknown>) => (r.start = [{ breachOf: 'cp.vist' }]),
      /start\[0\]: there is no rule cp\.vist to follow/,
    ],
    [
      'a breach of a rule itself started by breaches',
      (r: Record<string, unknown>) => (r.start = [{ breachOf: 'cp.initial-conference' }]),
      /cp\.initial-conference is itself started by breaches/,
    ],
    [
      'a rule started by a breach that reads facts',
      (r: Record<string, unknown>) => {
        r.start = [{ breachOf: 'cp.visit' }];
        r.appliesWhen = { cpPlan: true };
      },
      /a rule started by a breach has no appliesWhen/,
    ],
    [
      'a deadline met by management oversight but owned by the worker',
      (r: Record<string, unknown>) =>
        (r.satisfiedBy = [{ type: 'oversight.recorded', where: { level: { atLeast: 'TM' } } }]),
      /owner: met by management oversight at TM or above, so owned by TM, not worker/,
    ],
    [
      'an extension by a data field that is not a whole number',
      (r: Record<string, unknown>) =>
        (r.extendedBy = {
          type: 'proceedings.extended',
          amountField: 'reason',
          unit: 'weeks',
          source: [{ document: 'children-act-1989', section: 'Part IV', ref: 's32(5)' }],
        }),
      /extendedBy\.amountField: proceedings\.extended has no whole-number data field reason to extend by/,
    ],
    [
      'a period beginning with the day of an event on a rule that counts back from a booked date',
      (r: Record<string, unknown>) => {
        r.counting = { convention: 'beginning-with', because: 'the source says beginning with' };
        r.target = { field: 'date', direction: 'before' };
      },
      /only a once rule counted on from its start event can begin with its day/,
    ],
    ['a missing title', (r: Record<string, unknown>) => delete r.title, /title/],
    ['a missing action', (r: Record<string, unknown>) => delete r.action, /action/],
    [
      'an action ending in a full stop',
      (r: Record<string, unknown>) => (r.action = 'Hold the initial conference.'),
      /action: must be an instruction starting with a capital, with no full stop/,
    ],
    [
      'an action too long for a notice line',
      (r: Record<string, unknown>) =>
        (r.action = 'Hold the initial child protection conference with every agency invited to it'),
      /action: Too big/,
    ],
    [
      'a full stop in a title, which would split an explanation that quotes it',
      (r: Record<string, unknown>) => (r.title = 'Initial conference held. Then a plan'),
      /title: must be a phrase without a full stop/,
    ],
    [
      "a full stop in a regime's reason, which would split the explanation",
      (r: Record<string, unknown>) =>
        (r.intervals = [
          { offset: { amount: 15, unit: 'working-days' }, because: 'Working Together. Chapter 4' },
        ]),
      /because: must be a phrase without a full stop/,
    ],
  ])('is caught: %s', (_name, mutate, message) => {
    const problems = problemsAfter(mutate);
    expect(problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(message);
    expect(problems.every((p) => p.path.startsWith('child-protection.json'))).toBe(true);
  });

  it('is caught when two rules share an id', () => {
    const file = CATALOGUE_FILES.find((f) => f.file === 'child-protection.json');
    const problems = validateCatalogue(
      [file, { ...file, file: 'copy.json' }] as typeof CATALOGUE_FILES,
      defaults,
    ).problems;
    expect(problems[0]?.message).toBe(
      'rule id cp.initial-conference is already used in child-protection.json',
    );
  });
});

describe('council profiles', () => {
  const exampleFile = new URL('../../rules/profiles/example-council.json', import.meta.url);
  const example = JSON.parse(readFileSync(exampleFile, 'utf8'));

  it('accepts the example council profile and applies its override', () => {
    expect(checkProfile(example)).toEqual([]);
    const rule = buildProfile(example).rules.find((r) => r.id === 'cin.visit');
    expect(rule?.definition.intervals).toEqual([[{ offset: { amount: 10, unit: 'working-days' } }]]);
    expect(rule?.action).toBe('Visit and see the child');
  });

  it('cannot change what a rule says to do', () => {
    const problems = checkProfile({
      name: 'renamed',
      overrides: { 'cin.visit': { action: 'Phone the family' } },
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(
      /overrides\.cin\.visit.*action/,
    );
  });

  it('refuses to switch off a rule whose breaches start another rule that stays on', () => {
    expect(checkProfile({ name: 'no-cp-visits', overrides: { 'cp.visit': { enabled: false } } })).toEqual([
      {
        path: 'overrides.cp.visit.enabled',
        message:
          "rules started by cp.visit's breaches are still on (oversight.visit-out-of-timescale): switch them off too",
      },
    ]);
    const both = { 'cp.visit': { enabled: false }, 'oversight.visit-out-of-timescale': { enabled: false } };
    expect(checkProfile({ name: 'no-cp-visits', overrides: both })).toEqual([]);
  });

  it('rejects an override laxer than the statutory floor, naming the rule and the floor', () => {
    const lax = {
      name: 'lax',
      overrides: { 'cic.review': { intervals: [{ offset: { amount: 30, unit: 'working-days' } }] } },
    };
    expect(checkProfile(lax)[0]).toEqual({
      path: 'overrides.cic.review.intervals',
      message: '30 working days is longer than the national floor of 20 working days for the first interval',
    });
    expect(() => buildProfile(lax)).toThrow(/The profile is not valid/);
  });

  it('judges a timescale with "whichever is sooner" by its soonest date', () => {
    const override = (intervals: unknown) => ({
      name: 'health',
      overrides: { 'cic.initial-health-assessment': { intervals } },
    });
    expect(checkProfile(override([{ offset: { amount: 28, unit: 'days' } }]))[0]?.message).toMatch(
      /28 days is longer than the national floor of 20 working days/,
    );
    const soonest = [
      { offset: { amount: 28, unit: 'days' }, orSooner: [{ amount: 20, unit: 'working-days' }] },
    ];
    expect(checkProfile(override(soonest))).toEqual([]);
  });

  it('rejects switching off a national requirement but allows switching off a local one', () => {
    expect(
      checkProfile({ name: 'x', overrides: { 'cp.first-core-group': { enabled: false } } })[0]?.message,
    ).toBe('cp.first-core-group is a national requirement and cannot be switched off');
    const withoutCoreGroups = buildProfile({ name: 'x', overrides: { 'cp.core-group': { enabled: false } } });
    expect(withoutCoreGroups.rules.some((r) => r.id === 'cp.core-group')).toBe(false);
  });

  it('rejects an override for a rule that does not exist, bad closure days and a bad name', () => {
    const messages = checkProfile({
      name: 'x',
      overrides: { 'cp.visits': {} },
      closureDays: [{ date: '2026-02-30', name: 'x' }],
    });
    expect(messages.map((p) => p.path)).toEqual(['closureDays', 'overrides.cp.visits']);
    expect(checkProfile({ name: 'Bad Name' })[0]?.path).toBe('name');
  });

  it('the statutory profile holds exactly the rules with a national timescale, and that timescale', () => {
    const withFloor = builtInProfile('default').rules.filter((rule) => rule.definition.statutory);
    const statutory = builtInProfile('statutory').rules;
    expect(statutory.map((rule) => rule.id)).toEqual(withFloor.map((rule) => rule.id));
    for (const rule of statutory) {
      const local = withFloor.find((candidate) => candidate.id === rule.id);
      expect(rule.definition.intervals).toEqual(local?.definition.statutory?.intervals);
    }
  });

  it('can start from the statutory floor', () => {
    const floor = buildProfile({ name: 'floor-only', extends: 'statutory' });
    expect(floor.rules.map((r) => r.id)).toEqual(builtInProfile('statutory').rules.map((r) => r.id));
  });
});
