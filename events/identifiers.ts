/**
 * Schemas for the identifiers events carry. Events are routed and stored by these, and must never carry
 * a person's name, so each is limited to the characters a system-generated reference uses.
 */
import { z } from 'zod';

// A control character in an id is almost always a broken export (a stray tab or line break), and would
// make the same event look different to the idempotency check.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to exclude control characters.
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f-\u009f]*$/;
const NO_CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters such as tabs or line breaks';

/** An event's id as the sending system assigned it: the idempotency key, so a resent event is not counted twice. */
export const eventIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE)
  .meta({ description: 'The sending system’s unique id for this event; resending the same id is harmless.' });

/** A case reference from the case system, such as `CASE-1001`. */
export const caseIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]*$/, 'may only contain letters, digits, dots, underscores, colons and hyphens')
  .meta({ description: 'The case reference (never a name): letters, digits and . _ : -' });

/** A member of staff or a team as the case system identifies them, such as `SW-014`. */
export const staffIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]*$/, 'may only contain letters, digits, dots, underscores and hyphens')
  .meta({ description: 'A staff or team id (never a name): letters, digits and . _ -' });

/** A rule id from the rule catalogue, such as `cin.visit`; the same form the catalogue requires. */
export const ruleIdSchema = z
  .string()
  .min(1, { abort: true })
  .max(128)
  .regex(
    /^[a-z0-9-]+(\.[a-z0-9-]+)+$/,
    'must be a rule id: lowercase words joined by dots, such as cin.visit',
  )
  .meta({ description: 'A rule id from the catalogue, such as cin.visit.' });

/** The name of the system that sent an event, such as `mosaic`; kept for tracing bad data to its source. */
export const sourceSystemSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(NO_CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS_MESSAGE)
  .meta({ description: 'The system that sent the event, such as mosaic.' });
