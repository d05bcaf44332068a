/**
 * The one table of DfE codes: every code means a word of the contract, an ambiguous code is read the
 * stricter way (checked against the rules themselves), the contract accepts the codes and stores its own
 * words, and the code lists section of docs/imports.md is the table as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DFE_CODE_LISTS,
  type DfeCodeList,
  dfeCode,
  dfeCodeList,
  dfeCodeReading,
} from '../../events/dfe-codes.ts';
import {
  CARE_END_REASONS,
  type CaseEvent,
  LEGAL_STATUSES,
  type LegalStatus,
  PLACEMENT_TYPES,
  type PlacementType,
  parseCaseEvent,
} from '../../events/index.ts';
import { evaluateCase, momentOf } from '../../functions/core/engine/index.ts';
import { builtInProfile, validateCatalogue } from '../../functions/core/rules/load.ts';
import { ingestBatch } from '../../functions/ingest/ingest.ts';
import {
  CODE_LISTS_BEGIN,
  CODE_LISTS_END,
  renderCodeListsSection,
  withCodeListsSection,
} from '../../functions/rule-docs/code-lists-doc.ts';
import {
  CARE_END_CODES,
  DISABILITY_CODES,
  EPISODE_CONTINUES,
  LEGAL_STATUS_CODES,
  placementCode,
} from '../../local/extracts/dfe-codes.ts';
import { CATALOGUE_FILES } from '../../rules/catalogue/index.ts';
import defaults from '../../rules/defaults.json' with { type: 'json' };
import { event } from '../support/case-history.ts';
import { memoryIngestContext } from '../support/ingest-context.ts';

const codesOf = (list: DfeCodeList) => Object.keys(dfeCodeList(list).codes);
const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** The contract's words each list's codes must mean (null: on the list, no value). */
const VOCABULARY: { [List in DfeCodeList]: readonly unknown[] } = {
  'legal-status': LEGAL_STATUSES,
  'placement-type': PLACEMENT_TYPES,
  'reason-episode-ceased': CARE_END_REASONS,
  'reason-new-episode': ['started', 'legal-status', 'placement', 'legal-status-and-placement'],
  disability: [true],
  'referral-source': [],
  'primary-need': [],
  'reason-for-closure': [],
  'category-of-abuse': [],
};

describe('the table of DfE codes', () => {
  it.each(DFE_CODE_LISTS)('maps every code of %s to a word of the contract', (list) => {
    for (const [code, reading] of Object.entries(dfeCodeList(list).codes)) {
      if (reading.meaning !== null) expect(VOCABULARY[list], `${list} ${code}`).toContain(reading.meaning);
      if (reading.ambiguous) {
        expect(VOCABULARY[list], `${list} ${code}`).toContain(reading.ambiguous.laxer);
        expect(reading.ambiguous.laxer).not.toBe(reading.meaning);
      }
      expect(reading.label.length, `${list} ${code}`).toBeGreaterThan(3);
      expect(code, `${list} ${code}`).toBe(code.toUpperCase());
    }
  });

  it('gives no value only to the codes that make no event', () => {
    const valueless = (list: DfeCodeList) =>
      Object.entries(dfeCodeList(list).codes)
        .filter(([, reading]) => reading.meaning === null)
        .map(([code]) => code);
    expect(valueless('legal-status')).toEqual([]);
    expect(valueless('placement-type')).toEqual([]);
    expect(valueless('reason-new-episode')).toEqual([]);
    expect(valueless('reason-episode-ceased')).toEqual(['X1']);
    expect(valueless('disability')).toEqual(['NONE']);
  });

  it('holds the SSDA903 legal statuses the return uses', () => {
    expect(codesOf('legal-status')).toEqual([
      ...['C1', 'C2', 'D1', 'E1'],
      ...range('J', 1, 3),
      ...range('L', 1, 3),
      ...range('V', 2, 4),
    ]);
  });

  it('holds the SSDA903 placement types, and the two foster codes they replaced', () => {
    expect(codesOf('placement-type')).toEqual([
      ...range('A', 3, 6),
      ...['H5', 'K1', 'K2'],
      ...range('P', 1, 3),
      ...['R1', 'R2', 'R3', 'R5', 'S1'],
      ...range('T', 0, 4),
      ...range('U', 1, 6),
      ...['Z1', 'Q1', 'Q2'],
    ]);
  });

  it('holds the CIN census lists the census import checks', () => {
    expect(codesOf('primary-need')).toEqual(range('N', 0, 9));
    expect(codesOf('reason-for-closure')).toEqual(range('RC', 1, 9));
    expect(codesOf('category-of-abuse')).toEqual(['NEG', 'PHY', 'SAB', 'EMO', 'MUL']);
    expect(codesOf('referral-source')).toEqual(
      expect.arrayContaining(['1A', '1D', '2A', '2B', '3A', '3F', '4', '5A', '5D', '6', '7', '8', '9', '10']),
    );
    expect(codesOf('disability')).toEqual(
      expect.arrayContaining(['NONE', 'AUT', 'DDA', 'LD', 'MOB', 'PC', 'VIS']),
    );
  });

  it('reads every special guardianship code as special guardianship and X1 as no end', () => {
    for (const code of ['E43', 'E44', 'E45', 'E46', 'E47', 'E48']) {
      expect(dfeCode('reason-episode-ceased', code), code).toBe('special-guardianship');
    }
    expect(dfeCode('reason-episode-ceased', 'E11')).toBe('adopted');
    expect(dfeCode('reason-episode-ceased', 'E17')).toBe('turned-18');
    expect(dfeCode('reason-episode-ceased', 'X1')).toBeNull();
  });

  it('knows no code off the list, and matches codes as the DfE writes them', () => {
    expect(dfeCode('placement-type', 'R4')).toBeUndefined();
    expect(dfeCode('legal-status', 'V1')).toBeUndefined();
    expect(dfeCodeReading('placement-type', 'u1')).toBeUndefined();
    expect(dfeCode('placement-type', 'toString')).toBeUndefined();
  });
});

describe('a code that says less than the contract needs', () => {
  it.each(['U1', 'U2', 'U3', 'Q1'])(
    '%s (a relative or friend as foster carer) is read as a Regulation 24 temporary approval',
    (code) => {
      expect(dfeCodeReading('placement-type', code)).toMatchObject({
        meaning: 'temporary-connected-carer',
        ambiguous: { laxer: 'connected-carer', why: expect.stringContaining('Regulation 24') },
      });
      expect(dfeCode('placement-type', code)).toBe('temporary-connected-carer');
    },
  );

  it('P1 (placed with parents) is read as placed before their assessment (Regulation 19)', () => {
    expect(dfeCodeReading('placement-type', 'P1')).toMatchObject({
      meaning: 'placed-with-parents-before-assessment',
      ambiguous: { laxer: 'placed-with-parents', why: expect.stringContaining('Regulation 19') },
    });
  });

  it('L3 (a child assessment order, which the contract has no word for) is read as an emergency order', () => {
    expect(dfeCodeReading('legal-status', 'L3')).toMatchObject({
      meaning: 'emergency-protection-order',
      ambiguous: { laxer: 'section-20' },
    });
  });

  it('U4–U6 (other foster carers, never a connected person) are ordinary foster care', () => {
    for (const code of ['U4', 'U5', 'U6', 'Q2']) {
      expect(dfeCodeReading('placement-type', code), code).toEqual({
        label: expect.any(String),
        meaning: 'foster-care',
      });
    }
  });

  it('only those codes are ambiguous', () => {
    const ambiguous = DFE_CODE_LISTS.flatMap((list) =>
      Object.entries(dfeCodeList(list).codes)
        .filter(([, reading]) => reading.ambiguous)
        .map(([code]) => code),
    );
    expect(ambiguous.sort()).toEqual(['L3', 'P1', 'Q1', 'U1', 'U2', 'U3']);
  });
});

/**
 * The due dates of every rule open as of `asOf` for a history of a child looked after since 2 March
 * 2026 under `legalStatus` in `placementType`, seen on the 20th, reviewed on the 27th and seen again on
 * 20 April: earliest open due per rule.
 */
function openDues(legalStatus: LegalStatus, placementType: PlacementType, asOf: string): Map<string, number> {
  const events: CaseEvent[] = [
    event('child.updated', '2026-03-02', { dateOfBirth: '2016-05-01' }),
    event('care_period.started', '2026-03-02', { legalStatus }),
    event('placement.started', '2026-03-02', { placementType }),
    event('visit.completed', '2026-03-20', { visitType: 'cic', childSeen: true }),
    event('cic_review.held', '2026-03-27', {}),
    event('visit.completed', '2026-04-20', { visitType: 'cic', childSeen: true }),
  ];
  const dues = new Map<string, number>();
  for (const deadline of evaluateCase('CASE-T', events, builtInProfile('default'), momentOf(asOf))
    .deadlines) {
    if (deadline.met || deadline.cancelled) continue;
    const due = deadline.due.day;
    dues.set(deadline.rule.id, Math.min(due, dues.get(deadline.rule.id) ?? due));
  }
  return dues;
}

describe('the stricter reading, checked against the rules', () => {
  const asOfs = ['2026-03-10', '2026-03-25', '2026-04-21', '2026-06-01'];

  it.each(['P1', 'U1', 'U2', 'U3', 'Q1'])(
    '%s: under every legal status, no rule falls due later, or not at all, read strictly',
    (code) => {
      const reading = dfeCodeReading('placement-type', code);
      const stricter = reading?.meaning as PlacementType;
      const laxer = reading?.ambiguous?.laxer as PlacementType;
      for (const legalStatus of LEGAL_STATUSES) {
        for (const asOf of asOfs) {
          const strict = openDues(legalStatus, stricter, asOf);
          for (const [rule, due] of openDues(legalStatus, laxer, asOf)) {
            expect(strict.get(rule), `${code} ${legalStatus} ${asOf} ${rule}`).toBeLessThanOrEqual(due);
          }
        }
      }
    },
  );

  it('L3: under every placement type, no rule falls due later, or not at all, read strictly', () => {
    const reading = dfeCodeReading('legal-status', 'L3');
    for (const placementType of PLACEMENT_TYPES) {
      for (const asOf of asOfs) {
        const strict = openDues(reading?.meaning as LegalStatus, placementType, asOf);
        for (const [rule, due] of openDues(reading?.ambiguous?.laxer as LegalStatus, placementType, asOf)) {
          expect(strict.get(rule), `L3 ${placementType} ${asOf} ${rule}`).toBeLessThanOrEqual(due);
        }
      }
    }
  });

  it('U1 read strictly brings the Assistant Director’s oversight of a Regulation 24 placement', () => {
    const strict = openDues('care-order', 'temporary-connected-carer', '2026-03-03');
    const lax = openDues('care-order', 'connected-carer', '2026-03-03');
    expect(strict.has('oversight.reg-24-placement')).toBe(true);
    expect(lax.has('oversight.reg-24-placement')).toBe(false);
  });
});

const envelope = { id: 'DFE-1', caseId: 'CASE-D', occurredAt: '2026-03-02' };

describe('an event sent with a DfE code', () => {
  it.each([
    ['care_period.started', 'legalStatus', 'C2', 'care-order'],
    ['care_period.started', 'legalStatus', 'V4', 'short-breaks'],
    ['placement.started', 'placementType', 'K2', 'residential'],
    ['placement.started', 'placementType', 'U5', 'foster-care'],
    ['care_period.ended', 'reason', 'E47', 'special-guardianship'],
  ] as const)('%s with %s %s is read as %s, with no notice', (type, field, code, value) => {
    const parsed = parseCaseEvent({ ...envelope, type, data: { [field]: code } });
    expect(parsed).toEqual({ ok: true, event: { ...envelope, type, data: { [field]: value } } });
  });

  it('still takes the contract’s own words', () => {
    const parsed = parseCaseEvent({
      ...envelope,
      type: 'placement.started',
      data: { placementType: 'secure' },
    });
    expect(parsed).toEqual({
      ok: true,
      event: { ...envelope, type: 'placement.started', data: { placementType: 'secure' } },
    });
  });

  it('with an ambiguous code is read the stricter way, with a notice naming the field and both words', () => {
    const parsed = parseCaseEvent({ ...envelope, type: 'placement.started', data: { placementType: 'U3' } });
    expect(parsed.ok && parsed.event.data).toEqual({ placementType: 'temporary-connected-carer' });
    expect(parsed.ok && parsed.notices).toEqual([
      {
        path: 'data.placementType',
        message: expect.stringMatching(
          /^U3: a foster placement with a relative or friend .*; stored as temporary-connected-carer, the stricter reading: send connected-carer instead if that is what it is$/,
        ),
      },
    ]);
  });

  it('off its list is refused, the field and the list named, the value never repeated', () => {
    for (const [type, field, list] of [
      ['care_period.started', 'legalStatus', 'the SSDA903 legal statuses (LS)'],
      ['placement.started', 'placementType', 'the SSDA903 placement types (PLACE)'],
      ['care_period.ended', 'reason', 'the SSDA903 reasons an episode ceased (REC)'],
    ] as const) {
      const parsed = parseCaseEvent({ ...envelope, type, data: { [field]: 'R4 Mrs Smith’s home' } });
      expect(parsed.ok).toBe(false);
      const problems = parsed.ok ? [] : parsed.problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]?.path).toBe(`data.${field}`);
      expect(problems[0]?.message).toContain(`or a code of ${list}: `);
      expect(problems[0]?.message).not.toMatch(/Smith|R4/);
    }
  });

  it('X1 cannot end a period of care: it says the period goes on', () => {
    const parsed = parseCaseEvent({ ...envelope, type: 'care_period.ended', data: { reason: 'X1' } });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        {
          path: 'data.reason',
          message: expect.stringMatching(
            /^X1, a code of the SSDA903 reasons an episode ceased \(REC\), cannot be sent here/,
          ),
        },
      ],
    });
  });

  it('is stored with the contract’s word, and the ingest summary carries the notice', async () => {
    const context = memoryIngestContext('2026-03-03T09:00:00Z');
    const summary = await ingestBatch(
      [
        { ...envelope, id: 'DFE-S', type: 'care_period.started', data: { legalStatus: 'C1' } },
        { ...envelope, id: 'DFE-P', type: 'placement.started', data: { placementType: 'P1' } },
      ],
      'http',
      context,
    );
    expect(summary.items.map(({ outcome, notices }) => [outcome, notices?.map((n) => n.path)])).toEqual([
      ['accepted', undefined],
      ['accepted', ['data.placementType']],
    ]);
    expect((await context.events.eventsOf('CASE-D')).map((stored) => stored.data)).toEqual([
      { legalStatus: 'interim-care-order' },
      { placementType: 'placed-with-parents-before-assessment' },
    ]);
  });
});

describe('a rule in the catalogue', () => {
  it('must name the contract’s word, not a DfE code that reads as it', () => {
    const file = 'oversight-triggers.json';
    const content = structuredClone(CATALOGUE_FILES.find((f) => f.file === file)?.content) as {
      rules: { id: string; start: { where?: Record<string, unknown> }[] }[];
    };
    const rule = content.rules.find((r) => r.id === 'oversight.reg-24-placement');
    (rule?.start[0] as { where: Record<string, unknown> }).where = { placementType: 'U1' };
    expect(validateCatalogue([{ file, content }], defaults).problems).toContainEqual({
      path: expect.stringContaining('oversight.reg-24-placement'),
      message: '"U1" is not a value placement.started placementType can take',
    });
  });
});

describe('the codes the synthetic extracts write (local/extracts/dfe-codes.ts)', () => {
  /** The words no code says, and the word the code written for each is read back as. */
  const UNSAID: Readonly<Record<string, string>> = {
    'short-break': 'foster-care',
    unregistered: 'other',
    unregulated: 'semi-independent',
    'signed-themselves-out': 'other',
  };

  /** `code` reads back as `written` (or what the codes say instead), or as the stricter reading of it. */
  function expectReadBack(
    list: 'legal-status' | 'placement-type' | 'reason-episode-ceased',
    code: string,
    written: string,
  ) {
    const reading = dfeCodeReading(list, code);
    const expected = UNSAID[written] ?? written;
    expect(reading, `${code} for ${written}`).toBeDefined();
    if (reading?.meaning !== expected)
      expect(reading?.ambiguous?.laxer, `${code} for ${written}`).toBe(expected);
  }

  it('reads back, through the one table of DfE codes, as the word each was written for or its stricter reading', () => {
    for (const status of LEGAL_STATUSES) expectReadBack('legal-status', LEGAL_STATUS_CODES[status], status);
    for (const type of PLACEMENT_TYPES) {
      expectReadBack('placement-type', placementCode(type), type);
      expectReadBack('placement-type', placementCode(type, true), type);
    }
    for (const reason of CARE_END_REASONS) {
      expectReadBack('reason-episode-ceased', CARE_END_CODES[reason], reason);
    }
    expect(dfeCodeReading('reason-episode-ceased', EPISODE_CONTINUES)?.meaning).toBeNull();
    for (const code of DISABILITY_CODES) expect(dfeCode('disability', code), code).toBe(true);
  });
});

describe('the code lists section of docs/imports.md', () => {
  it('is the table as it is (run `npm run docs` after changing events/dfe-codes.ts)', () => {
    const doc = readFileSync(new URL('../../docs/imports.md', import.meta.url), 'utf8');
    const section = doc.slice(
      doc.indexOf(CODE_LISTS_BEGIN),
      doc.indexOf(CODE_LISTS_END) + CODE_LISTS_END.length,
    );
    expect(section, 'docs/imports.md’s code lists are stale: run `npm run docs`').toBe(
      renderCodeListsSection(),
    );
  });

  it('marks every ambiguous code with its laxer reading', () => {
    const section = renderCodeListsSection();
    for (const code of ['U1', 'U2', 'U3', 'Q1', 'P1', 'L3']) {
      expect(section).toMatch(new RegExp(`\\| \`${code}\` \\|[^\\n]*\\*\\*ambiguous\\*\\* \\(laxer: `));
    }
  });

  it('is replaced alone, the hand-written sections around it kept', () => {
    const before = '# Imports\n\n## SSD\n\nBy hand.\n';
    const after = '\n\n## Annex A\n\nAlso by hand.\n';
    const stale = `${before}\n${CODE_LISTS_BEGIN}\nold table\n${CODE_LISTS_END}${after}`;
    expect(withCodeListsSection(stale)).toBe(`${before}\n${renderCodeListsSection()}${after}`);
    expect(withCodeListsSection(before)).toBe(`${before}\n${renderCodeListsSection()}\n`);
    expect(() => withCodeListsSection(`${before}${CODE_LISTS_BEGIN}\n`)).toThrow(/markers/);
  });
});
