/**
 * A CDK app for tests with the same context the CLI gives `infra/app.ts` (cdk.json's settings and
 * feature flags), so the tests check the templates that are deployed. Bundling is skipped: no test
 * needs function code.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';

/** The `context` of the repository's cdk.json. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** An app with cdk.json's context, changed by `overrides`. */
export function testApp(overrides: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...overrides } });
}
