/**
 * What the board checks of an action's text before it records the action: the one free text Line of
 * Sight keeps. Pure. A problem is said in plain English and never quotes the text.
 */

/** The longest text an action may have: a next step, not a case note. */
export const ACTION_TEXT_MAX = 500;

/**
 * Words that are not a timescale ("'Ongoing' as a timescale should not be used", the management
 * oversight standard): as the whole text, or as its last part after a dash, colon or bracket
 * ("Monitor school attendance – ongoing"), they say the action has no end.
 */
const NOT_TIMESCALES = [
  'ongoing',
  'on going',
  'on-going',
  'continuing',
  'continue',
  'as needed',
  'as required',
  'as and when',
  'when possible',
  'asap',
  'tbc',
  'tba',
  'n/a',
  'none',
];

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[.!]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim();

// The words hold no character a pattern treats specially ("/" and "-" are literal here).
const TRAILING = new RegExp(`[-–—:(]\\s*(?:${NOT_TIMESCALES.join('|')})\\s*\\)?$`, 'u');

// C0 and C1 controls (a new line is allowed) and bidirectional formatting characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to find control characters.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Why the board cannot record `text` as an action, or null when it can. An action says what is to be
 * done (its owner and due date are asked for separately, and "ongoing" is no due date): it is not
 * empty, at most {@link ACTION_TEXT_MAX} characters, has no control characters, and is not, nor ends
 * in, a word that puts off its timescale ("ongoing", "TBC", "as needed").
 */
export function checkActionText(text: string): string | null {
  const plain = normalise(text);
  if (plain === '') return 'Say what is to be done: the action is empty.';
  if ([...text].length > ACTION_TEXT_MAX) {
    return `Keep the action to ${ACTION_TEXT_MAX} characters or fewer: it is a next step, not a case note.`;
  }
  if (CONTROL.test(text)) return 'The action has characters that cannot be shown; type it again.';
  if (NOT_TIMESCALES.includes(plain) || TRAILING.test(plain)) {
    return 'Say what is to be done by the due date: "ongoing" and the like are not a timescale (next steps are SMART).';
  }
  return null;
}
