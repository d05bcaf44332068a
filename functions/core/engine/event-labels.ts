/**
 * Plain-English names for events, as a manager would say them in an explanation
 * ("10 working days after the visit on Fri 18 Dec 2026").
 */
import type { CaseEvent, EventType } from '../../../events/index.ts';

const LABELS: Record<EventType, string> = {
  'child.updated': "update to the child's details",
  'referral.received': 'referral',
  'assessment.started': 'start of the assessment',
  'assessment.completed': 'completion of the assessment',
  'assessment.authorised': 'authorisation of the assessment',
  'strategy_discussion.held': 'strategy discussion',
  's47.started': 'start of the section 47 enquiry',
  's47.completed': 'completion of the section 47 enquiry',
  'conference.scheduled': 'booking of the conference',
  'conference.held': 'child protection conference',
  'cp_plan.started': 'start of the child protection plan',
  'cp_plan.ended': 'end of the child protection plan',
  'core_group.held': 'core group meeting',
  'cin_plan.started': 'start of the child in need plan',
  'cin_plan.ended': 'end of the child in need plan',
  'cin_review.held': 'child in need review',
  'care_period.started': 'child becoming looked after',
  'care_period.ended': 'child ceasing to be looked after',
  'placement.started': 'start of the placement',
  'placement.ended': 'end of the placement',
  'placement.temporary_approval_extended': 'extension of the temporary approval of the connected carer',
  'cic_review.held': 'looked-after review',
  'health_assessment.completed': 'health assessment',
  'visit.completed': 'visit',
  'oversight.recorded': 'management oversight',
  'supervision.held': 'supervision',
  'case.allocated': 'allocation',
  'case.closed': 'closure of the case',
  'early_help.started': 'receipt into Early Help',
  'early_help.ended': 'end of Early Help work',
  'family.contacted': 'first contact with the family',
  'threshold.decided': 'threshold decision',
  'mash_enquiry.started': 'MASH enquiry',
  'mash_enquiry.completed': 'return of the MASH checks',
  'meeting.held': 'meeting',
  'record.updated': 'record update',
  'report.submitted': 'report',
  'cic_review.scheduled': 'booking of the looked-after review',
  'iro.appointed': 'appointment of the IRO',
  'cic_notification.sent': 'child-in-care notification',
  'missing_episode.started': 'start of a missing episode',
  'missing_episode.ended': 'return from a missing episode',
  'return_interview.held': 'return home interview',
  'assessment.refused': 'refusal of the assessment',
  'lado.referred': 'referral to the LADO',
  'serious_incident.recorded': 'serious incident',
  'case.transfer_requested': 'agreement to transfer the case',
  'case_audit.completed': 'case file audit',
  'decision.recorded': 'decision',
  'personal_adviser.allocated': 'allocation of a personal adviser',
  'benefits_application.supported': 'help with the benefits application',
  'transitions.notified': 'notification to the Transitions Team',
  'transitions.referred': 'referral to the Transitions Team',
  'pre_proceedings.letter_sent': 'letter before proceedings',
  'pre_proceedings.meeting_held': 'pre-proceedings meeting',
  'pre_proceedings.ended': 'end of pre-proceedings',
  'proceedings.issued': 'issue of care proceedings',
  'proceedings.extended': 'court extension of the care proceedings',
  'proceedings.concluded': 'end of care proceedings',
  'dol_order.made': 'deprivation of liberty order',
  'dol_order.renewal_applied': 'application to renew the deprivation of liberty order',
  'dol_order.ended': 'end of the deprivation of liberty order',
  'significant_change.recorded': 'significant change',
  'family_placement.completed': 'completion of Family Placement work',
  'private_fostering.notified': 'notification of the private fostering arrangement',
  'private_fostering.ended': 'end of the private fostering arrangement',
  'visit_frequency.agreed': 'agreement of a visiting frequency',
  'action.recorded': 'action recorded on the board',
  'action.done': 'action done',
  'action.moved': 'move of the action’s due date',
  'event.retracted': 'retraction',
};

/** What an event of a type is called, whatever its data ("allocation"). */
export const eventTypeLabel = (type: EventType): string => LABELS[type];

/** What an event is called in a sentence, with the detail that tells similar events apart. */
export function eventLabel(event: CaseEvent): string {
  switch (event.type) {
    case 'conference.held':
      return event.data.conferenceType === 'initial'
        ? 'initial child protection conference'
        : 'review child protection conference';
    case 'health_assessment.completed':
      return event.data.kind === 'initial' ? 'initial health assessment' : 'review health assessment';
    case 'visit.completed':
      return event.data.childSeen ? 'visit' : 'visit (child not seen)';
    case 'meeting.held':
      return `${event.data.meetingType.replaceAll('-', ' ')} meeting`.replace(
        'pep meeting',
        'personal education plan meeting',
      );
    case 'record.updated':
      return `update of the ${event.data.record.replaceAll('-', ' ')}`;
    case 'decision.recorded':
      return `decision (${event.data.decision.replaceAll('-', ' ')})`;
    case 'proceedings.extended':
      return `court extension: ${event.data.reason.replaceAll('-', ' ')}`;
    case 'significant_change.recorded':
      return `significant change (${event.data.kind.replaceAll('-', ' ')})`;
    case 'family_placement.completed':
      return `completion of the ${event.data.work.replaceAll('-', ' ')}`;
    case 'action.moved':
      return `move of the action’s due date (${event.data.reason.replaceAll('-', ' ')})`;
    case 'case.allocated':
      return { new: 'allocation', reallocation: 'reallocation', transfer: 'transfer in' }[event.data.reason];
    default:
      return LABELS[event.type];
  }
}
