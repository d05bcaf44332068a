/**
 * The logical id of every resource of both stacks, pinned in `logical-ids.json`. Each resource has a
 * fixed physical name, and CloudFormation replaces a resource whose logical id changes by creating the
 * new one before deleting the old, which fails on the name the old one still holds: the deployed stack
 * could no longer be updated. So a construct that is moved, renamed or given a new parent must keep its
 * logical id (`infra/stateless/stack-section.ts` says how); a resource added or removed on purpose is
 * added to or removed from the list.
 */
import { readFileSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { lineOfSight } from './synth.ts';

/** The stacks' resources as deployed: each logical id and its resource type, by stack. */
const DEPLOYED = JSON.parse(readFileSync(new URL('./logical-ids.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;

/** Each logical id of `template` and its resource type (CDK's own metadata resource aside). */
function logicalIdsOf(template: Template): Record<string, string> {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  return Object.fromEntries(
    Object.entries(resources)
      .filter(([, resource]) => resource.Type !== 'AWS::CDK::Metadata')
      .map(([id, resource]) => [id, resource.Type]),
  );
}

describe('the logical ids', () => {
  it('stay those the stacks were deployed with, so that a deployed stack can still be updated', () => {
    const { stateful, stateless } = lineOfSight().templates;
    expect(
      { Stateful: logicalIdsOf(stateful), Stateless: logicalIdsOf(stateless) },
      'A changed logical id makes CloudFormation replace the resource, which fails on its fixed name: ' +
        'keep the id (see infra/stateless/stack-section.ts), or update tests/infra/logical-ids.json ' +
        'for a resource added or removed on purpose.',
    ).toEqual(DEPLOYED);
  });
});
