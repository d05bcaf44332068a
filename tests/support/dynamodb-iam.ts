/**
 * IAM's answer to a DynamoDB request, worked out from a role's policy statements as they stand in a
 * synthesised template: whether some statement allows the action on the table (or the index the
 * request names) with every condition met. Only the condition operators and DynamoDB keys the stack
 * uses are understood; any other makes {@link isAllowed} throw, so a new kind of condition cannot pass
 * unexamined.
 *
 * The attributes of a request are counted generously: every name in its key, its item and each of its
 * expressions (IAM counts no more than that), so a request found allowed here is allowed on AWS too.
 */
import { DUE_INDEX, TABLE_KEY } from '../../functions/storage/table-layout.ts';

/** A request as the document client was given it: the operation (`UpdateItem`…) and its input. */
export interface TableRequest {
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** A policy statement as the template holds it. */
export interface StatementJson {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'between', 'in', 'set', 'remove', 'add', 'delete']);
const EXPRESSIONS = [
  'UpdateExpression',
  'ConditionExpression',
  'ProjectionExpression',
  'KeyConditionExpression',
  'FilterExpression',
] as const;
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** The attribute names an expression reads or writes: `#name` placeholders resolved, bare names kept. */
function namesIn(expression: string, placeholders: Readonly<Record<string, string>>): string[] {
  const names: string[] = [];
  for (const [, sigil, word, call] of expression.matchAll(/([#:]?)([A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g)) {
    if (sigil === ':' || call !== undefined) continue;
    if (sigil === '#') names.push(placeholders[`#${word}`] ?? `#${word}`);
    else if (!KEYWORDS.has((word as string).toLowerCase())) names.push(word as string);
  }
  return names;
}

/** Every attribute name a request names. */
export function attributesOf({ input }: TableRequest): string[] {
  const placeholders = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const names = [
    ...Object.keys((input.Key ?? {}) as object),
    ...Object.keys((input.Item ?? {}) as object),
    ...EXPRESSIONS.flatMap((field) =>
      typeof input[field] === 'string' ? namesIn(input[field] as string, placeholders) : [],
    ),
  ];
  return [...new Set(names)];
}

/**
 * The partition key value a request is for (`dynamodb:LeadingKeys`): its key's or item's, or the value
 * its key condition sets the partition key (of the index it queries) equal to; none for a Scan.
 */
export function leadingKeyOf({ input }: TableRequest): string | undefined {
  const key = (input.Key ?? input.Item) as Record<string, unknown> | undefined;
  if (key) return key[TABLE_KEY.partitionKey] as string;
  if (typeof input.KeyConditionExpression !== 'string') return undefined;
  const partitionKey = input.IndexName === DUE_INDEX.name ? DUE_INDEX.partitionKey : TABLE_KEY.partitionKey;
  const placeholders = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const [, name, value] of input.KeyConditionExpression.matchAll(/(#?\w+)\s*=\s*(:\w+)/g)) {
    if ((placeholders[name as string] ?? name) === partitionKey) return values[value as string] as string;
  }
  return undefined;
}

/** The condition keys' values for a request, as IAM sees them; absent keys are undefined. */
function contextOf(request: TableRequest): Record<string, readonly string[] | undefined> {
  const { action, input } = request;
  const leadingKey = leadingKeyOf(request);
  const hasProjection = typeof input.ProjectionExpression === 'string';
  const select =
    action === 'Query' || action === 'Scan'
      ? ((input.Select as string | undefined) ?? (hasProjection ? undefined : 'ALL_ATTRIBUTES'))
      : undefined;
  return {
    'dynamodb:LeadingKeys': leadingKey === undefined ? [] : [leadingKey],
    'dynamodb:Attributes': attributesOf(request),
    'dynamodb:Select': select === undefined ? undefined : [select],
    // A write's ReturnValues is NONE unless it asks for more.
    'dynamodb:ReturnValues': WRITES.has(action)
      ? [(input.ReturnValues as string | undefined) ?? 'NONE']
      : undefined,
  };
}

const listOf = (value: string | readonly string[]) => (typeof value === 'string' ? [value] : value);
const globMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  ).test(value);

/** Whether one operator's test holds for one condition key. */
function holds(operator: string, values: readonly string[] | undefined, allowed: readonly string[]): boolean {
  switch (operator) {
    case 'ForAllValues:StringEquals':
      return (values ?? []).every((value) => allowed.includes(value));
    case 'ForAllValues:StringLike':
      return (values ?? []).every((value) => allowed.some((pattern) => globMatches(pattern, value)));
    case 'StringEquals':
      return values !== undefined && values.length === 1 && allowed.includes(values[0] as string);
    case 'StringEqualsIfExists':
      return values === undefined || values.every((value) => allowed.includes(value));
    default:
      throw new Error(`the IAM check does not understand the condition operator ${operator}`);
  }
}

/** Whether a statement's resource is the table itself, or the index the request queries. */
function coversResource(statement: StatementJson, request: TableRequest): boolean {
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  const index = request.input.IndexName as string | undefined;
  return resources.some((resource) => {
    const text = JSON.stringify(resource);
    return index === undefined ? !text.includes('/index/') : text.includes(`"/index/${index}"`);
  });
}

/** The statements that allow `request`, by Sid (or `(no Sid)`). */
function allowingStatements(statements: readonly StatementJson[], request: TableRequest): string[] {
  const context = contextOf(request);
  return statements
    .filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        listOf(statement.Action).includes(`dynamodb:${request.action}`) &&
        coversResource(statement, request) &&
        Object.entries(statement.Condition ?? {}).every(([operator, tests]) =>
          Object.entries(tests).every(([key, allowed]) => {
            if (!(key in context))
              throw new Error(`the IAM check does not understand the condition key ${key}`);
            return holds(operator, context[key], listOf(allowed));
          }),
        ),
    )
    .map((statement) => statement.Sid ?? '(no Sid)');
}

/**
 * Whether the statements allow the request. They must hold no Deny (none of the stack's roles has
 * one), so that an Allow found here is IAM's answer.
 */
export function isAllowed(statements: readonly StatementJson[], request: TableRequest): boolean {
  if (statements.some((statement) => statement.Effect !== 'Allow')) {
    throw new Error('the IAM check does not evaluate Deny statements');
  }
  return allowingStatements(statements, request).length > 0;
}
