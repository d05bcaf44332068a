/**
 * Contract fields that take a DfE code as well as their own words: a sender whose system holds the
 * SSDA903's codes may send them as they are, and the parse stores the contract's value, read through the
 * one table of codes (`dfe-codes.ts`), so HTTP, the queue, `los ingest` and imports all read a code alike.
 * An ambiguous code is read the stricter way; {@link dfeCodeNotices} says so to the sender.
 */
import { z } from 'zod';
import { type DfeMeaning, dfeCodeList, dfeCodeReading } from './dfe-codes.ts';
import type { Problem } from './problems.ts';

/** The lists whose codes a contract field accepts. */
export type ContractCodeList = 'legal-status' | 'placement-type' | 'reason-episode-ceased';

/** Which list each coded field takes its codes from, found from the field's schema. */
const codedFields = z.registry<{ list: ContractCodeList }>();

/**
 * A field holding one of `values`, or a code of `list` read as the value the table gives it. Anything
 * else is refused with the list named, never the value repeated. A code that makes no event (`X1`) is
 * refused too: it does not mean what the field says.
 */
export function dfeCodedField<List extends ContractCodeList>(
  list: List,
  values: readonly DfeMeaning<List>[],
  description?: string,
) {
  const { title, codes } = dfeCodeList(list);
  const codeNames = Object.keys(codes).filter((code) => codes[code]?.meaning !== null);
  const refusal = `must be one of: ${values.join(', ')}; or a code of ${title}: ${codeNames.join(', ')}`;
  const field = z
    .string()
    .transform((text, context): DfeMeaning<List> => {
      if ((values as readonly string[]).includes(text)) return text as DfeMeaning<List>;
      const reading = dfeCodeReading(list, text);
      if (reading?.meaning != null) return reading.meaning;
      context.issues.push({
        code: 'custom',
        input: text,
        message: reading
          ? `${text}, a code of ${title}, cannot be sent here: it means “${reading.label}”`
          : refusal,
      });
      return z.NEVER;
    })
    .meta({
      enum: [...values, ...codeNames],
      description: [
        description,
        `A code of ${title} is accepted too and stored as the contract's value (docs/imports.md, Code lists); a code that cannot tell two values apart is read as the stricter.`,
      ]
        .filter(Boolean)
        .join(' '),
    });
  field.register(codedFields, { list });
  return field;
}

/** The list a field's schema takes codes from, if it is a coded field (optional or not). */
function listOf(schema: z.ZodType): ContractCodeList | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return codedFields.get(inner)?.list;
}

/**
 * Notices for an accepted event's `data` that held an ambiguous DfE code: each names the field, the code
 * (one of the table's, never free text), the stricter reading stored, why, and the value to send
 * instead if the laxer is meant. `fields` is the event type's data schema shape.
 */
export function dfeCodeNotices(fields: Readonly<Record<string, z.ZodType>>, data: unknown): Problem[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data as Record<string, unknown>).flatMap(([name, value]) => {
    const schema = fields[name];
    const list = schema && listOf(schema);
    const reading = list && typeof value === 'string' ? dfeCodeReading(list, value) : undefined;
    if (!reading?.ambiguous) return [];
    return [
      {
        path: `data.${name}`,
        message: `${value}: ${reading.ambiguous.why}; stored as ${reading.meaning}, the stricter reading: send ${reading.ambiguous.laxer} instead if that is what it is`,
      },
    ];
  });
}
