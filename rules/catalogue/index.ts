/**
 * The catalogue files, imported as data so a bundled Lambda carries them with no file reads.
 * A test checks that every JSON file in this folder is listed here.
 */
import assessment from './assessment.json' with { type: 'json' };
import board from './board.json' with { type: 'json' };
import careLeavers from './care-leavers.json' with { type: 'json' };
import caseClosure from './case-closure.json' with { type: 'json' };
import childInNeed from './child-in-need.json' with { type: 'json' };
import childProtection from './child-protection.json' with { type: 'json' };
import childrenInCare from './children-in-care.json' with { type: 'json' };
import childrenWithDisabilities from './children-with-disabilities.json' with { type: 'json' };
import court from './court.json' with { type: 'json' };
import dutyAndStrategy from './duty-and-strategy.json' with { type: 'json' };
import earlyHelp from './early-help.json' with { type: 'json' };
import familyPlacement from './family-placement.json' with { type: 'json' };
import invitationsAndRecords from './invitations-and-records.json' with { type: 'json' };
import oversight from './oversight.json' with { type: 'json' };
import oversightTriggers from './oversight-triggers.json' with { type: 'json' };
import privateFostering from './private-fostering.json' with { type: 'json' };
import recording from './recording.json' with { type: 'json' };
import shortBreaksAndAdoption from './short-breaks-and-adoption.json' with { type: 'json' };
import significantEvents from './significant-events.json' with { type: 'json' };

/** Each catalogue file's name and raw (not yet validated) content. */
export const CATALOGUE_FILES: ReadonlyArray<{ file: string; content: unknown }> = [
  { file: 'assessment.json', content: assessment },
  { file: 'early-help.json', content: earlyHelp },
  { file: 'children-with-disabilities.json', content: childrenWithDisabilities },
  { file: 'duty-and-strategy.json', content: dutyAndStrategy },
  { file: 'child-protection.json', content: childProtection },
  { file: 'child-in-need.json', content: childInNeed },
  { file: 'case-closure.json', content: caseClosure },
  { file: 'recording.json', content: recording },
  { file: 'court.json', content: court },
  { file: 'children-in-care.json', content: childrenInCare },
  { file: 'care-leavers.json', content: careLeavers },
  { file: 'short-breaks-and-adoption.json', content: shortBreaksAndAdoption },
  { file: 'private-fostering.json', content: privateFostering },
  { file: 'oversight.json', content: oversight },
  { file: 'oversight-triggers.json', content: oversightTriggers },
  { file: 'invitations-and-records.json', content: invitationsAndRecords },
  { file: 'significant-events.json', content: significantEvents },
  { file: 'family-placement.json', content: familyPlacement },
  { file: 'board.json', content: board },
];
