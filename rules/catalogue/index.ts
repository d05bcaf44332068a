/**
 * The catalogue files, imported as data so a bundled Lambda carries them with no file reads.
 * A test checks that every JSON file in this folder is listed here.
 */
import assessment from './assessment.json' with { type: 'json' };
import childInNeed from './child-in-need.json' with { type: 'json' };
import childProtection from './child-protection.json' with { type: 'json' };
import childrenInCare from './children-in-care.json' with { type: 'json' };
import oversight from './oversight.json' with { type: 'json' };

/** Each catalogue file's name and raw (not yet validated) content. */
export const CATALOGUE_FILES: ReadonlyArray<{ file: string; content: unknown }> = [
  { file: 'assessment.json', content: assessment },
  { file: 'child-protection.json', content: childProtection },
  { file: 'child-in-need.json', content: childInNeed },
  { file: 'children-in-care.json', content: childrenInCare },
  { file: 'oversight.json', content: oversight },
];
