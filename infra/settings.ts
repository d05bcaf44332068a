/**
 * The deployment's settings, read from CDK context (`cdk.json` "context", or `-c key=value` on the
 * command line) and checked before any construct is made, so a mistake is reported as one list of
 * plain sentences instead of a failed deployment. Every `los:` setting is parsed here, including those
 * only the stateless stack uses, so an unknown or misspelt key is caught whichever stack needs it.
 */

import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { SECRET_NAME_OR_EMPTY } from '../functions/handlers/lambda/environment.ts';
import { TIME_OF_DAY } from '../functions/runs/schedule-times.ts';

const SETTING_PREFIX = 'los:';

/** A DNS domain name such as council.gov.uk (SES verifies domains, and every address within them). */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Whether a value can be an SES identity: a domain or an email address. */
const isIdentity = (value: string) => DOMAIN.test(value) || z.email().safeParse(value).success;

/**
 * Whether mail from `sender` is covered by the SES identity: the address itself, or its domain (or a
 * parent domain: SES lets a verified domain's subdomains send too).
 */
function identityCovers(identity: string, sender: string): boolean {
  const wanted = identity.toLowerCase();
  const address = sender.toLowerCase();
  if (wanted.includes('@')) return wanted === address;
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return domain === wanted || domain.endsWith(`.${wanted}`);
}

/** The domain of an address: the SES identity when none is set. */
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

const TEAMS_WEBHOOKS_SECRET =
  'must be the name of one Secrets Manager secret (letters, digits and / _ + = . @ -), such as los/teams-webhooks';

/**
 * Settings that were replaced, and what to do instead: said in place of "is not a setting", which would
 * leave the operator to guess what became of them.
 */
const REPLACED: Readonly<Record<string, string>> = {
  'los:teamsSecretNames':
    'is no longer a setting: put every channel’s webhook URL in one secret, a JSON map of channel to URL, ' +
    'and name it in los:teamsWebhooksSecret (see "Teams channels" in docs/operations.md)',
};

const SCHEMA = z
  .strictObject({
    'los:environmentName': z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{1,15}$/,
        'must be 2 to 16 lowercase letters, digits or hyphens, starting with a letter, such as dev or prod',
      )
      .default('dev'),
    'los:region': z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region code, such as eu-west-2 (London)')
      .default('eu-west-2'),
    'los:ruleProfile': z
      .string()
      .regex(
        /^(default|statutory|[\w./-]+\.json)$/,
        'must be default, statutory, or the path of a council profile file ending in .json',
      )
      .default('default'),
    'los:senderAddress': z.email('must be an email address verified in SES, such as alerts@council.gov.uk'),
    'los:caseLinkTemplate': z
      .url({
        protocol: /^https$/,
        error: 'must be an https URL, such as https://cases.council.gov.uk/{caseId}',
      })
      .refine((url) => url.includes('{caseId}'), 'must contain {caseId}, where the case reference goes'),
    'los:morningRunTime': z
      .string()
      .regex(TIME_OF_DAY, 'must be a 24-hour London time HH:MM, such as 07:00')
      .default('07:00'),
    // Empty, as `-c los:teamsWebhooksSecret=` gives, is the same as absent: no Teams.
    'los:teamsWebhooksSecret': z
      .string(TEAMS_WEBHOOKS_SECRET)
      .regex(SECRET_NAME_OR_EMPTY, TEAMS_WEBHOOKS_SECRET)
      .optional(),
    'los:sesIdentity': z
      .string()
      .refine(
        isIdentity,
        'must be the SES identity verified for sending: a domain such as council.gov.uk, or the sender address',
      )
      .optional(),
    'los:alarmEmail': z
      .email('must be an email address for the alarms, such as los-admins@council.gov.uk')
      .optional(),
  })
  .superRefine((settings, context) => {
    const identity = settings['los:sesIdentity'];
    // An identity that is not one at all has been reported already.
    if (
      identity !== undefined &&
      isIdentity(identity) &&
      !identityCovers(identity, settings['los:senderAddress'])
    ) {
      context.addIssue({
        code: 'custom',
        path: ['los:sesIdentity'],
        message: 'must cover los:senderAddress: its domain (or a parent domain), or the address itself',
      });
    }
  });

/** The deployment's settings, checked. */
export interface Settings {
  /** Names every resource (`line-of-sight-<environmentName>-…`), so environments can share an account. */
  readonly environmentName: string;
  /** Where the stacks are deployed; London by default, so the data stays in the UK. */
  readonly region: string;
  /** `default`, `statutory` or a council profile file: the rules the pipeline evaluates. */
  readonly ruleProfile: string;
  /** The SES-verified address notices are sent from. */
  readonly senderAddress: string;
  /** The case system's link for a case, with `{caseId}` where the reference goes. */
  readonly caseLinkTemplate: string;
  /** When the morning run starts, London time (`HH:MM`). */
  readonly morningRunTime: string;
  /**
   * The Secrets Manager secret holding the Teams Workflows webhook URLs: a JSON object mapping each
   * `teams_channel` of the directory to its webhook URL. Null when Teams is not configured: no cards
   * can be posted.
   */
  readonly teamsWebhooksSecret: string | null;
  /**
   * The SES identity mail is sent as (a domain, or the sender address itself), verified in SES: the
   * notifier may send as this identity only. The sender address's domain unless set.
   */
  readonly sesIdentity: string;
  /** Where alarms are emailed (an SNS email subscription), or null for none. */
  readonly alarmEmail: string | null;
}

/** Settings that are not valid: `problems` lists each one, named by its context key, and the message lists them all. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      [
        'The Line of Sight settings (cdk.json "context", or -c key=value) are not valid:',
        ...problems.map((problem) => `  - ${problem}`),
      ].join('\n'),
    );
    this.name = 'SettingsError';
  }
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(SCHEMA.shape).join(', ');
    return issue.keys.map(
      (key) => `${key}: ${REPLACED[key] ?? `is not a setting (the settings are ${known})`}`,
    );
  }
  const key = String(issue.path[0]);
  const value = input[key];
  return [
    value === undefined
      ? `${key}: is required, and ${issue.message}`
      : `${key}: ${issue.message} (got ${JSON.stringify(value)})`,
  ];
}

/**
 * Checks the `los:` entries of a context object and returns the settings, with defaults filled in.
 * Keys without the `los:` prefix (CDK's own feature flags) are ignored.
 *
 * @throws {SettingsError} listing every problem, each named by its context key.
 */
export function parseSettings(context: Readonly<Record<string, unknown>>): Settings {
  const input = Object.fromEntries(Object.entries(context).filter(([key]) => key.startsWith(SETTING_PREFIX)));
  const result = SCHEMA.safeParse(input);
  if (!result.success) {
    throw new SettingsError(result.error.issues.flatMap((issue) => describeIssue(issue, input)));
  }
  const parsed = result.data;
  return {
    environmentName: parsed['los:environmentName'],
    region: parsed['los:region'],
    ruleProfile: parsed['los:ruleProfile'],
    senderAddress: parsed['los:senderAddress'],
    caseLinkTemplate: parsed['los:caseLinkTemplate'],
    morningRunTime: parsed['los:morningRunTime'],
    teamsWebhooksSecret: parsed['los:teamsWebhooksSecret'] || null,
    sesIdentity: parsed['los:sesIdentity'] ?? domainOf(parsed['los:senderAddress']),
    alarmEmail: parsed['los:alarmEmail'] ?? null,
  };
}

/** The settings in a construct tree's context (normally the App's). */
export function settingsOf(scope: IConstruct): Settings {
  return parseSettings(scope.node.getAllContext());
}
