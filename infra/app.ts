/**
 * The CDK app (`cdk.json` runs it with tsx). The CLI passes the context and synthesises the app when
 * this module ends.
 */
import { App } from 'aws-cdk-lib';
import { defineLineOfSight } from './line-of-sight.ts';
import { SettingsError } from './settings.ts';

try {
  defineLineOfSight(new App());
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // The list of problems is the whole message; a stack trace would only bury it. Exit at once, before
  // the app's automatic synthesis writes an empty assembly.
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
