/**
 * The Line of Sight stacks of one environment, defined on a CDK app from its settings, with the AWS
 * Solutions checks of cdk-nag registered so that any finding fails synthesis. `infra/app.ts` calls this
 * for `cdk synth` and `cdk deploy`; the tests call it on their own app, so they check what is deployed.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { environmentPrefix, nameIn } from './names.ts';
import { deployedProfile } from './rule-profile.ts';
import { type Settings, settingsOf } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The stacks defined for one environment, and the settings they were made from. */
export interface LineOfSight {
  readonly settings: Settings;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Defines the environment's stacks on `app`.
 *
 * @throws {SettingsError} when the app's `los:` context is not valid, or the council profile file it
 *   names cannot be used (checked in full, as `los rules check <file>` does).
 */
export function defineLineOfSight(app: App): LineOfSight {
  const settings = settingsOf(app);
  // Before any stack is made: a profile the functions could not use refuses the synth, naming the rule.
  deployedProfile(settings.ruleProfile);
  // The account comes from the credentials in use at deploy time; the region is a setting, so the data
  // stays where the council decided whatever the caller's default region is.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: settings.region };
  const stateful = new StatefulStack(app, 'Stateful', {
    env,
    settings,
    stackName: nameIn(environmentPrefix(settings.environmentName), 'stateful'),
    description: `Line of Sight ${settings.environmentName}: the data (key, table, case event bus)`,
    terminationProtection: true,
  });
  // Ingest: the queue fed by the bus, the functions and the HTTPS endpoint. It takes the stateful
  // resources and adds nothing to them, so it can be destroyed and redeployed on its own.
  const stateless = new StatelessStack(app, 'Stateless', {
    env,
    settings,
    stateful,
    stackName: nameIn(environmentPrefix(settings.environmentName), 'stateless'),
    description: `Line of Sight ${settings.environmentName}: ingest, scheduled runs and the notifier (queues, functions, schedules, HTTPS endpoint)`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { settings, stateful, stateless };
}
