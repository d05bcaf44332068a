/**
 * Citations a person can read: one short entry per document, each place once, with the law a rule
 * rests on whatever the profile.
 */
import { describe, expect, it } from 'vitest';
import { readableCitations } from '../../functions/core/rules/citations.ts';
import { builtInProfile } from '../../functions/core/rules/load.ts';
import documents from '../../rules/documents.json' with { type: 'json' };
import type { Citation } from '../../rules/schema.ts';

const cited = (profile: 'default' | 'statutory', id: string) =>
  readableCitations(builtInProfile(profile).rules.find((rule) => rule.id === id)?.source ?? []);

describe('readable citations', () => {
  it('group a looked-after visit’s six standards by document, and add the regulation the law sets', () => {
    expect(cited('default', 'cic.visit')).toEqual([
      'Practice Standards 2020: Children in Care 32, 33, 34, 36 and Children with Disabilities 16',
      'Management Oversight List 2023: Child in Care',
      'Care Planning Regulations 2010: reg 28',
    ]);
    expect(cited('statutory', 'cic.visit')).toEqual(['Care Planning Regulations 2010: reg 28']);
  });

  it('name a section or regulation once, a paragraph with its chapter, and the power to extend', () => {
    expect(cited('default', 'court.proceedings-concluded')).toEqual([
      'Practice Standards 2020: Parallel Planning for Adoption 5',
      'Children Act 1989: s32(1)(a) and s32(5)–(8)',
    ]);
    expect(cited('default', 'assessment.completion').at(-1)).toBe('Working Together 2018: Chapter 1 para 82');
  });

  it('give a long reference by its section, or by the document alone when the section is the document', () => {
    const citations: Citation[] = [
      { document: 'mo-standard', section: 'Practice Standard – Management Oversight', ref: 'frequency' },
      {
        document: 'practice-standards-2020',
        section: 'Recording Standards',
        ref: 'Recording Timescales Table: Chronology',
      },
      { document: 'practice-standards-2020', section: 'Children in Care', ref: '39' },
      {
        document: 'practice-standards-2020',
        section: 'Recording Standards',
        ref: 'Recording Timescales Table: Case Summaries',
      },
      { document: 'practice-standards-2020', section: 'Children in Care', ref: '39' },
    ];
    expect(readableCitations(citations)).toEqual([
      'Management Oversight Standard',
      'Practice Standards 2020: Recording Standards and Children in Care 39',
    ]);
  });

  it('have a short title for every document', () => {
    for (const document of documents.documents) {
      expect(document.short.length, document.key).toBeLessThanOrEqual(document.title.length);
      expect(document.short.length, document.key).toBeLessThanOrEqual(35);
    }
  });
});
