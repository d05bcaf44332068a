/**
 * A synthetic council as an import format, for the tests of the store targets: each of its events
 * under the source key `events:<its id>`, so the framework's plan, event ids and manifest treat it as
 * they treat a council's extract, and the write paths can be compared on the same input.
 */
import type { CaseEvent } from '../../events/index.ts';
import type { EventDraft, ImportFormat } from '../../functions/core/imports/format.ts';

/** The format whose every extract is `events` (its files are not read). */
export function councilFormat(events: readonly CaseEvent[]): ImportFormat {
  return {
    name: 'council',
    title: 'a synthetic council',
    accepts: () => true,
    carries: [],
    read: () => ({
      events: events.map(({ id, source: _, ...draft }, index) => ({
        key: `events:${id}`,
        event: draft as EventDraft,
        from: { file: 'events', row: index + 2 },
      })),
      problems: [],
      sections: ['events'],
      held: [],
    }),
  };
}
