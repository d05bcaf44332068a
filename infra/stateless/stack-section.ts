/**
 * The stateless stack's sections: one construct per concern (ingest, the scheduled runs, the notifier,
 * SES feedback, the alarms), which groups that concern's resources in the construct tree, and so in
 * their paths and in cdk-nag's findings, but not in their logical ids.
 *
 * Logical ids must not move. Every resource of the stack has a fixed physical name (its queues,
 * functions, schedules, configuration set and alarms), and CloudFormation replaces a resource whose
 * logical id changes by creating the new one before deleting the old, which fails on the name the old
 * one still holds: the stack's update fails. The stack was a flat list of resources when it was first
 * deployed, so its logical ids are those of that flat list, pinned by `tests/infra/logical-ids.json`.
 *
 * Two ways keep them. The stack allocates every logical id as if no section were in the path
 * ({@link withoutSections}): one rule in one place, which also covers the resources CDK adds inside its
 * L2 constructs (policies, permissions, event source mappings, outputs), where overriding ids one by one
 * would have to name some ninety of them. And {@link keepLogicalId} for the few ids CDK builds from
 * another construct's unique id, which holds that construct's whole path, section included. (CDK builds
 * one policy statement's id that way too; ingest keeps it with an override of {@link onlyResource}.)
 */
import { type CfnElement, CfnResource } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { environmentPrefix } from '../names.ts';
import type { Settings } from '../settings.ts';
import type { StatefulResources } from '../stateful-stack.ts';

/** What every section is made from. */
export interface StackSectionProps {
  readonly settings: Settings;
  /** The key, the table and the bus, from the stateful stack. */
  readonly stateful: StatefulResources;
}

/** A section of the stateless stack: a concern's resources, left out of their logical ids. */
export abstract class StackSection extends Construct {
  /** The start of every physical name in the environment: `line-of-sight-<environment>`. */
  protected readonly name: string;
  protected readonly settings: Settings;
  protected readonly stateful: StatefulResources;

  constructor(scope: Construct, id: string, props: StackSectionProps) {
    super(scope, id);
    this.settings = props.settings;
    this.stateful = props.stateful;
    this.name = environmentPrefix(props.settings.environmentName);
  }
}

/**
 * `element` as `Stack.allocateLogicalId` should see it: its scopes without the sections. CDK's own
 * allocation then runs on that (it reads only the element's scopes and its stack), rather than a copy
 * of it here: aws-cdk-lib does not export the function that turns a path into an id.
 */
export function withoutSections(element: CfnElement): CfnElement {
  const scopes = element.node.scopes.filter((scope) => !(scope instanceof StackSection));
  return Object.create(element, { node: { value: { scopes } } });
}

/**
 * Gives the one resource of CloudFormation `type` made under `scope` the logical id it was deployed with,
 * where CDK derived part of the id from another construct's unique id (an SQS event source is named
 * after its queue, an SNS invoke permission after its topic), which now includes that construct's
 * section.
 */
export function keepLogicalId(scope: IConstruct, type: string, logicalId: string): void {
  onlyResource(scope, type).overrideLogicalId(logicalId);
}

/** The one resource of CloudFormation `type` made under `scope`, for an override. */
export function onlyResource(scope: IConstruct, type: string): CfnResource {
  const resources = scope.node
    .findAll()
    .filter(
      (child): child is CfnResource => CfnResource.isCfnResource(child) && child.cfnResourceType === type,
    );
  const [resource] = resources;
  if (!resource || resources.length > 1) {
    throw new Error(`${scope.node.path} holds ${resources.length} resources of type ${type}, not one`);
  }
  return resource;
}
