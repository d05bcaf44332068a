/**
 * The app as deployed, defined and synthesised once per test file (vitest runs each file in its own
 * worker, so this is once per file): the first synthesis in a process takes seconds, mostly loading
 * CloudFormation's validation rules, and `Template.fromStack` reuses the app's assembly after it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { defineLineOfSight, type LineOfSight } from '../../infra/line-of-sight.ts';
import { testApp } from './cdk-app.ts';

/** The parts of `validation-report.json` the tests read. */
export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string }[];
    suppressedViolations?: { ruleName: string; acknowledgedId: string; reason?: string }[];
  }[];
}

/** The synthesised app, its stacks' templates and cdk-nag's report. */
export interface Synthesised extends LineOfSight {
  readonly app: App;
  readonly stateful: LineOfSight['stateful'];
  readonly stateless: LineOfSight['stateless'];
  readonly templates: { readonly stateful: Template; readonly stateless: Template };
  readonly report: ValidationReport;
}

let synthesised: Synthesised | undefined;

/**
 * How long a hook that synthesises may take: the first synthesis in a process takes seconds, and many
 * more on a machine busy with other tests.
 */
export const SYNTHESIS_TIMEOUT = 120_000;

/** The repository's app (cdk.json's context, bundling skipped), synthesised once. */
export function lineOfSight(): Synthesised {
  if (synthesised) return synthesised;
  const app = testApp();
  const stacks = defineLineOfSight(app);
  const assembly = app.synth();
  synthesised = {
    ...stacks,
    app,
    templates: {
      stateful: Template.fromStack(stacks.stateful),
      stateless: Template.fromStack(stacks.stateless),
    },
    report: JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport,
  };
  return synthesised;
}

/** Every acknowledgement made anywhere in the app, as `id: reason` (the id as CDK records it). */
export function acknowledgementsIn(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]) => `${id}: ${reason}`);
}
