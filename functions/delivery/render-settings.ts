/**
 * What rendering a notice needs beyond the notice itself: where a case opens, and the calendar for
 * "in 3 working days". Set per deployment (`cdk.json` context on AWS, the local runner's options).
 */
import type { WorkingCalendar } from '../core/calendar/index.ts';

export interface RenderSettings {
  /**
   * The case link, with `{caseId}` where the case reference goes (URL-encoded when filled in), e.g.
   * `https://casesystem.example.gov.uk/cases/{caseId}`.
   */
  caseLinkTemplate: string;
  calendar: WorkingCalendar;
  /** Whether lines may show a case's initials: off by default, and no initials are held today. */
  showInitials: false;
}

/** The link that opens a case in the case system. */
export const caseLink = (settings: Pick<RenderSettings, 'caseLinkTemplate'>, caseId: string) =>
  settings.caseLinkTemplate.replaceAll('{caseId}', encodeURIComponent(caseId));
