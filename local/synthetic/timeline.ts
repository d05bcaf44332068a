/**
 * One synthetic case's events while its history is being written: collected out of order (each kind of
 * work is planned separately), then sorted, numbered and written out as contract events.
 */
import type { CaseEvent, EventOf, EventType } from '../../events/index.ts';
import type { DayNumber } from '../../functions/core/calendar/index.ts';
import { isoDate, londonDateTime } from './dates.ts';

/** The `data` of one event type. */
export type DataOf<T extends EventType> = EventOf<T>['data'];

/** The source system named on every synthetic event, so synthetic data can never pass for real. */
const SYNTHETIC_SOURCE = 'synthetic';

/** A day, with the time (minutes after London midnight) when the case system records one. */
export interface Moment {
  readonly day: DayNumber;
  readonly minute?: number | undefined;
}

/** When an event happened beyond its day, and when it was recorded if that was later. */
export interface Timing {
  readonly minute?: number | undefined;
  readonly recorded?: Moment | undefined;
}

/**
 * Data known only once the whole history is written (such as which worker held the case), given as a
 * function called when the events are built.
 */
export type Deferred<T> = T | (() => T);

/** An event not yet written out; `id` is given when the history is sorted. */
export interface Draft {
  readonly day: DayNumber;
  readonly type: EventType;
  readonly data: Deferred<unknown>;
  readonly timing: Timing | undefined;
  id: string | undefined;
}

const written = (day: DayNumber, minute: number | undefined) =>
  minute === undefined ? isoDate(day) : londonDateTime(day, minute);

/** The events of one case, in the making. */
export class CaseTimeline {
  private readonly drafts: Draft[] = [];

  constructor(
    readonly caseId: string,
    /** Nothing after this day is kept: the history ends at the as-of date. */
    readonly asOf: DayNumber,
  ) {}

  /**
   * Adds an event on `day`, unless that is after the as-of date (plans run past it; the events
   * never do). Returns the draft, or `undefined` when it was left out.
   */
  add<T extends EventType>(
    type: T,
    day: DayNumber,
    data: Deferred<DataOf<T>>,
    timing?: Timing,
  ): Draft | undefined {
    if (day > this.asOf) return undefined;
    const draft: Draft = { day, type, data, timing, id: undefined };
    this.drafts.push(draft);
    return draft;
  }

  /**
   * The drafts by day, in the order they were added within a day, with the closure last of its day
   * and nothing after the day the case closed.
   */
  private inOrder(): Draft[] {
    let closed = Number.POSITIVE_INFINITY;
    for (const draft of this.drafts) {
      if (draft.type === 'case.closed' && draft.day < closed) closed = draft.day;
    }
    // Array.prototype.sort is stable, which keeps the same-day order; the closure sorts as if a moment
    // later than the rest of its day.
    const drafts = this.drafts.sort(
      (a, b) => a.day - b.day || (a.type === 'case.closed' ? 1 : 0) - (b.type === 'case.closed' ? 1 : 0),
    );
    while (drafts.length > 0 && (drafts[drafts.length - 1] as Draft).day > closed) drafts.pop();
    return drafts;
  }

  /** The days of the events of `type` added so far whose data passes `test`, in date order. */
  daysOf<T extends EventType>(type: T, test: (data: DataOf<T>) => boolean = () => true): DayNumber[] {
    const days: DayNumber[] = [];
    for (const draft of this.drafts) {
      if (draft.type !== type) continue;
      const data = (typeof draft.data === 'function' ? undefined : draft.data) as DataOf<T> | undefined;
      if (data === undefined || test(data)) days.push(draft.day);
    }
    return days.sort((a, b) => a - b);
  }

  /**
   * The events in date order, numbered `${caseId}-e1`, `-e2`, … in that order; events on the same day
   * keep the order they were added in, which callers use for same-day sequences (a conference, then
   * the plan it made). Nothing happens on a closed case: work planned after the day it closed is left
   * out, and the closure is the last event of its day. A recording time after the as-of date is left
   * off, as it is not known yet.
   */
  toEvents(): CaseEvent[] {
    const drafts = this.inOrder();
    const { caseId, asOf } = this;
    const prefix = `${caseId}-e`;
    for (let index = 0; index < drafts.length; index++) (drafts[index] as Draft).id = prefix + (index + 1);
    return drafts.map(({ id, type, day, data: given, timing }) => {
      const occurredAt = written(day, timing?.minute);
      const recorded = timing?.recorded;
      const data = typeof given === 'function' ? (given as () => unknown)() : given;
      // The contract's union cannot be checked field by field from a type chosen at run time; the
      // tests parse every event against the schema instead.
      return (
        recorded === undefined || recorded.day > asOf
          ? { id, type, caseId, occurredAt, source: SYNTHETIC_SOURCE, data }
          : {
              id,
              type,
              caseId,
              occurredAt,
              recordedAt: written(recorded.day, recorded.minute),
              source: SYNTHETIC_SOURCE,
              data,
            }
      ) as CaseEvent;
    });
  }
}
