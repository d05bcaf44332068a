/**
 * The CDK app (`cdk.json` runs it with tsx). The CLI passes the context and synthesises the app when
 * this module ends.
 */
import { App } from 'aws-cdk-lib';
import { defineLineOfSight } from './line-of-sight.ts';
import { BOARD_SETTINGS, placeholdersIn, SettingsError } from './settings.ts';

try {
  const { settings } = defineLineOfSight(new App());
  // Allowed while sending is paused (nothing is sent to or from them), refused once it is live: said
  // at every synth and deploy, as CDK's own warnings would count as findings.
  for (const { setting, why } of placeholdersIn(settings)) {
    process.stderr.write(
      `Note: ${setting} is a placeholder (${why}). Sending is ${settings.sending}; set it before los:sending is live.\n`,
    );
  }
  if (settings.board === null) {
    process.stderr.write(
      `Note: the board is not deployed: set ${BOARD_SETTINGS.join(', ')} to deploy it (docs/operations.md, "The board on AWS").\n`,
    );
  }
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // The list of problems is the whole message; a stack trace would only bury it. Exit at once, before
  // the app's automatic synthesis writes an empty assembly.
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
