/**
 * Schemas for the identifiers events carry. Events are routed and stored by these, and must never carry
 * a person's name, so each is limited to the characters a system-generated reference uses.
 */
import { z } from 'zod';

/**
 * The characters of a key a case system assigns, such as an event id or its own name: letters, digits
 * and `. _ : / # @ + -`. GUIDs, URNs, paths and numbered references fit; spaces do not, nor anything
 * else, so a name or a note cannot arrive as an identifier, a control character cannot hide in one,
 * and every id is ASCII, stored and compared the same way everywhere. Events stored under the looser
 * rule before it stand: stored events are not checked again (see the event store).
 */
const OPAQUE_KEY = /^[A-Za-z0-9._:/#@+-]*$/;
const OPAQUE_KEY_MESSAGE = 'may only contain the letters A–Z and a–z, digits and . _ : / # @ + - (no spaces)';
const OPAQUE_KEY_DESCRIPTION = 'the letters A–Z and a–z, digits and . _ : / # @ + - only, no spaces';

/** An event's id as the sending system assigned it: the idempotency key, so a resent event is not counted twice. */
export const eventIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(OPAQUE_KEY, OPAQUE_KEY_MESSAGE)
  .meta({
    description: `The sending system’s unique id for this event; resending the same id is harmless. 1–128 characters: ${OPAQUE_KEY_DESCRIPTION}.`,
  });

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

/**
 * An action recorded on the Line of Sight board, as the board names it: a fresh random id (letters,
 * digits, `_` and `-`), never its text. It keys the action's encrypted text in the store, so it holds no
 * `#` or other separator of the store's keys.
 */
export const actionIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]*$/, 'may only contain letters, digits, underscores and hyphens')
  .meta({ description: 'The board action’s id (never its text): 8–64 letters, digits, _ and -.' });

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
  .regex(OPAQUE_KEY, OPAQUE_KEY_MESSAGE)
  .meta({
    description: `The system that sent the event, such as mosaic. 1–64 characters: ${OPAQUE_KEY_DESCRIPTION}.`,
  });
