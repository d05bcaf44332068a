/**
 * Which rules of the catalogue Annex A can seed: give today's deadline from its one row per child, with
 * no history before it. Annex A holds the latest of each thing (the last visit, the latest review), so a
 * rule whose next deadline counts from the latest event alone is seeded; a rule that counts events over
 * a period, or needs dates the lists do not hold, is not.
 *
 * - **exact**: the deadline is the one the council's whole history gives.
 * - **stricter**: it is never later than that one and sometimes earlier (a false alarm, never a missed
 *   deadline), for the reason given; importing the next extract, with the next event, often settles it.
 *
 * Every other rule the format starts and can meet is listed in {@link ANNEX_A_NOT_SEEDED} with why; the
 * rest have no source in Annex A or are never met by it (coverage.ts works those out). A test holds
 * the lists to the catalogue, to docs/imports.md, and to a synthetic council's round trip.
 */

/** How Annex A seeds a rule. */
export interface SeededRule {
  rule: string;
  seeds: 'exact' | 'stricter';
  /** The lists and columns it is seeded from. */
  from: string;
  /** For a stricter rule, when and why it comes earlier. */
  why?: string;
}

/** The rules Annex A seeds, in the catalogue's order. */
export const ANNEX_A_SEEDED: readonly SeededRule[] = [
  {
    rule: 'assessment.completion',
    seeds: 'stricter',
    from: 'list 3 date of referral; list 4 date of authorisation',
    why: 'an assessment completed but not yet authorised still shows open: authorisation is the only end Annex A gives',
  },
  {
    rule: 'cp.review-conference',
    seeds: 'exact',
    from: 'list 7 plan start (its initial conference) and date of latest review conference',
  },
  { rule: 'cp.visit', seeds: 'exact', from: 'list 7 plan start and date of the last statutory visit' },
  {
    rule: 'cin.visit',
    seeds: 'stricter',
    from: 'list 6 CIN start date and date child was last seen, for a child whose case status is a child in need plan',
    why: 'a visiting frequency agreed for the child is not in Annex A, so the standard one applies; a plan whose child has not been seen since it began counts from the episode’s start',
  },
  {
    rule: 'cic.review',
    seeds: 'stricter',
    from: 'list 8 date started to be looked after and date of latest statutory review',
    why: 'Annex A does not say how many reviews came before the latest, so the next is due at the second review’s 3 months, not the later reviews’ 6, until the next review is imported',
  },
  {
    rule: 'cic.visit',
    seeds: 'stricter',
    from: 'list 8 start date and type of the most recent placement, legal status, date of last social work visit',
    why: 'a placement with a relative or friend under 24 weeks old is read as a temporary approval, and one with parents under a care order as a Regulation 19 placement; except where the last visit came before the latest move (listed): a visit missed before the move is not known, and visits count from the move',
  },
  {
    rule: 'cic.initial-health-assessment',
    seeds: 'exact',
    from: 'list 8 date started to be looked after and date of last health assessment',
  },
  {
    rule: 'cic.review-health-assessment',
    seeds: 'exact',
    from: 'list 8 date of last health assessment, and the date of birth',
  },
  {
    rule: 'cic.reg-24-temporary-approval',
    seeds: 'stricter',
    from: 'list 8 start date and type of the most recent placement',
    why: 'a placement with a relative or friend (U1–U3) under 24 weeks old is read as a temporary approval, and an extension granted under regulation 25 is not in Annex A, so an extended approval shows its 16 weeks as passed',
  },
  {
    rule: 'short-breaks.review',
    seeds: 'exact',
    from: 'list 8 date started to be looked after (legal status V3 or V4) and date of latest statutory review',
  },
  {
    rule: 'adoption.review',
    seeds: 'stricter',
    from: 'list 8 most recent placement (A3–A6) or list 10 date placed for adoption; list 8 date of latest statutory review',
    why: 'as for looked-after reviews: the number of reviews before the latest is not known, so the next is due at the second review’s interval until the next review is imported',
  },
];

/** A rule Annex A starts and could meet, but does not seed, and why. */
export interface UnseededRule {
  rule: string;
  why: string;
}

/** The rules Annex A starts and could meet but does not seed, in the catalogue's order. */
export const ANNEX_A_NOT_SEEDED: readonly UnseededRule[] = [
  {
    rule: 'assessment.sign-off',
    why: 'Annex A has one date for an assessment’s completion and authorisation, so the sign-off is never shown late or open',
  },
  {
    rule: 'cwd.annual-assessment',
    why: 'a disabled child’s yearly assessment counts from the last one, and list 4 holds only the last six months’',
  },
  {
    rule: 'cwd.transition-assessment',
    why: 'met by an assessment started, and list 4 holds only the last six months’',
  },
  {
    rule: 's47.workflow-started',
    why: 'Annex A dates the enquiry’s start by the strategy discussion that began it, so the start is never late',
  },
  {
    rule: 's47.child-seen',
    why: 'the visits of an enquiry are not in Annex A: only the latest visits of plans and care',
  },
  {
    rule: 'cp.initial-conference',
    why: 'list 5 does not say when an enquiry ended or that it led to no further action or a child in need plan, which stop the conference’s clock: an enquiry that needed no conference would show its conference overdue',
  },
  {
    rule: 'cin.assessment',
    why: 'a child in need plan’s six-monthly assessment counts from the last one, and list 4 holds only the last six months’; the plan’s own start is not in Annex A',
  },
  {
    rule: 'care-leaver.contact',
    why: 'list 9 does not say when the young person left care, which starts the contact cycle and makes them a care leaver: only those whose care ended in list 8’s six months are seeded',
  },
  {
    rule: 'care-leaver.pathway-plan',
    why: 'list 9 gives care leavers’ latest pathway plan, but list 8 has none for children in care from 16, whose plans the rule also follows',
  },
];

/** Why recording rules are not seeded: each is met by its own event's recording time. */
export const RECORDING_NOT_SEEDED =
  'Annex A gives the day each thing happened, never when it was written up, so no recording deadline is made';
