/**
 * The source an import id names: every id an import makes (new, corrected, retracted) names its
 * source, and ids of other shapes name none, so ingest and the bulk write path agree on which ids are
 * an import's to write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventIdOf, importIdSource, retractionIdOf } from '../../functions/core/imports/reconcile.ts';

const source = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
const hash = fc.stringMatching(/^[0-9a-f]{12}$/);

describe('importIdSource', () => {
  it('names the source of every id an import makes, corrected and retracted ones too', () => {
    fc.assert(
      fc.property(
        source,
        fc.string({ minLength: 1, maxLength: 120 }),
        hash,
        fc.nat(1000),
        (name, key, h, rev) => {
          const id = eventIdOf(name, key, h, rev);
          expect(importIdSource(id)).toBe(name);
          expect(importIdSource(retractionIdOf(id))).toBe(name);
        },
      ),
    );
    expect(importIdSource('ssd:ssd_cp_visits:4411#0:3f9a0c1d2e4b')).toBe('ssd');
    expect(importIdSource('ssda903:episodes:CASE-1#2021-04-01:3f9a0c1d2e4b:2:x')).toBe('ssda903');
  });

  it('names none for ids of other shapes: a case system’s own, or an import’s missing its hash', () => {
    for (const id of [
      'CASE-10001-e1',
      'ssd:CMS-1',
      'ssd:key:3f9a0c1d2e4',
      'ssd:key:3F9A0C1D2E4B',
      'SSD:key:3f9a0c1d2e4b',
      'ssd::3f9a0c1d2e4b',
      'ssd:key:3f9a0c1d2e4b:0',
      'ssd:key:3f9a0c1d2e4b:y',
      'a-source-name-too-long:key:3f9a0c1d2e4b',
    ]) {
      expect(importIdSource(id), id).toBeNull();
    }
  });
});
