/**
 * The deployment's settings, read from CDK context (`cdk.json` "context", or `-c key=value` on the
 * command line) and checked before any construct is made, so a mistake is reported as one list of
 * plain sentences instead of a failed deployment. Every `los:` setting is parsed here, including those
 * only the stateless stack uses, so an unknown or misspelt key is caught whichever stack needs it.
 */

import type { IConstruct } from 'constructs';
import { z } from 'zod';
import {
  isSesIdentity,
  SECRET_NAME,
  SECRET_NAME_OR_EMPTY,
  SENDING_MODES,
  type Sending,
} from '../functions/handlers/lambda/environment.ts';
import { TIME_OF_DAY } from '../functions/runs/schedule-times.ts';
import { ENVIRONMENT_NAME } from './names.ts';

const SETTING_PREFIX = 'los:';

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

/** Top-level domains reserved for examples, tests and this machine (RFC 2606, RFC 6761), and mDNS's. */
const RESERVED_TOP_LEVEL = new Set(['example', 'test', 'invalid', 'localhost', 'local']);

/** Second-level domains reserved for examples (RFC 2606). */
const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org'];

/**
 * Why a host name is a placeholder, or null when it is not: a reserved example or test domain
 * (`example.com`, `*.example`, `council.example.gov.uk`: any `example` label), this machine
 * (`localhost`) or an IP address. Mail from such a domain cannot be verified in SES, and a link to one
 * reaches no case system.
 */
export function placeholderDomain(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (/^\[.*\]$/.test(name) || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'an IP address';
  if (RESERVED_TOP_LEVEL.has(labels.at(-1) ?? '')) return `${name} is a reserved domain`;
  if (EXAMPLE_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`))) {
    return `${name} is a reserved example domain`;
  }
  if (labels.includes('example')) return `${name} is an example domain`;
  return null;
}

/** The host of a case link template (`{caseId}` may stand anywhere, so it is taken out first). */
const hostOf = (template: string) => {
  try {
    return new URL(template.replaceAll('{caseId}', 'x')).hostname;
  } catch {
    return '';
  }
};

/**
 * The settings whose values are placeholders (example or test domains, this machine), each with why:
 * what cannot work once sending is live. Pure, for the synth and for `los doctor`.
 */
export function placeholdersIn(
  settings: Pick<Settings, 'senderAddress' | 'caseLinkTemplate' | 'sesIdentity' | 'alarmEmail'>,
): { setting: string; why: string }[] {
  const found = [
    ['los:senderAddress', placeholderDomain(domainOf(settings.senderAddress))],
    ['los:sesIdentity', placeholderDomain(domainOf(settings.sesIdentity))],
    ['los:caseLinkTemplate', placeholderDomain(hostOf(settings.caseLinkTemplate))],
    [
      'los:alarmEmail',
      settings.alarmEmail === null ? null : placeholderDomain(domainOf(settings.alarmEmail)),
    ],
  ] as const;
  return found.flatMap(([setting, why]) => (why === null ? [] : [{ setting, why }]));
}

/** What each placeholder must be replaced with, by setting. */
export const REPLACE_WITH: Readonly<Record<string, string>> = {
  'los:senderAddress': 'the address notices really come from, in a domain verified in SES',
  'los:sesIdentity': 'the identity SES has verified, or leave it out for the sender’s domain',
  'los:caseLinkTemplate': 'the case system’s real link',
  'los:alarmEmail': 'the administrators’ real address, or leave it out',
};

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

/** A Microsoft Entra ID (GUID), such as a tenant's Directory ID or an app registration's Application ID. */
const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A Cognito domain prefix: lowercase letters, digits and hyphens, not starting or ending with a hyphen,
 * and without the words Cognito reserves.
 */
const DOMAIN_PREFIX = /^(?!.*(aws|amazon|cognito))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The board's settings: the board on AWS is deployed when they are set, all together, and not at all
 * when none is (a deployment without Entra yet still gets the rest). See "The board on AWS" in
 * docs/operations.md.
 */
export const BOARD_SETTINGS = [
  'los:boardEntraTenantId',
  'los:boardEntraClientId',
  'los:boardEntraSecret',
  'los:boardDomainPrefix',
] as const;

const SCHEMA = z
  .strictObject({
    'los:environmentName': z
      .string()
      .regex(
        ENVIRONMENT_NAME,
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
        isSesIdentity,
        'must be the SES identity verified for sending: a domain such as council.gov.uk, or the sender address',
      )
      .optional(),
    'los:alarmEmail': z
      .email('must be an email address for the alarms, such as los-admins@council.gov.uk')
      .optional(),
    // Paused unless set: a new deployment records what it would send until its directory and backlog
    // are loaded and checked, and going live is this one setting.
    'los:sending': z
      .enum(SENDING_MODES, {
        error: 'must be paused (the runs record what they would send, in the outbox) or live',
      })
      .default('paused'),
    'los:boardEntraTenantId': z
      .string()
      .regex(ENTRA_ID, 'must be the council’s Entra tenant id (its Directory ID, a GUID)')
      .optional(),
    'los:boardEntraClientId': z
      .string()
      .regex(ENTRA_ID, 'must be the Application (client) ID of the board’s Entra app registration (a GUID)')
      .optional(),
    'los:boardEntraSecret': z
      .string()
      .regex(
        SECRET_NAME,
        'must be the name of the Secrets Manager secret holding the Entra app registration’s client secret, such as los/board-entra',
      )
      .optional(),
    'los:boardDomainPrefix': z
      .string()
      .regex(
        DOMAIN_PREFIX,
        'must be the board’s Cognito domain prefix: lowercase letters, digits and hyphens, without aws, amazon or cognito, such as wessex-los-board',
      )
      .optional(),
  })
  .superRefine((settings, context) => {
    // All four or none: a board half set up could not sign anyone in.
    const missing = BOARD_SETTINGS.filter((key) => settings[key] === undefined);
    if (missing.length > 0 && missing.length < BOARD_SETTINGS.length) {
      for (const key of missing) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `must come with the other board settings: the board needs all four (${BOARD_SETTINGS.join(', ')}), or none for no board`,
        });
      }
    }
    const identity = settings['los:sesIdentity'];
    // An identity that is not one at all has been reported already.
    if (
      identity !== undefined &&
      isSesIdentity(identity) &&
      !identityCovers(identity, settings['los:senderAddress'])
    ) {
      context.addIssue({
        code: 'custom',
        path: ['los:sesIdentity'],
        message: 'must cover los:senderAddress: its domain (or a parent domain), or the address itself',
      });
    }
    const placeholders = placeholdersIn({
      senderAddress: settings['los:senderAddress'],
      caseLinkTemplate: settings['los:caseLinkTemplate'],
      // Only an identity set on its own is reported: the sender's domain is reported as the sender.
      sesIdentity: identity ?? settings['los:senderAddress'],
      alarmEmail: settings['los:alarmEmail'] ?? null,
    });
    for (const { setting, why } of placeholders) {
      if (setting === 'los:sesIdentity' && identity === undefined) continue;
      // While sending is paused nothing is sent to or from them, and every synth notes them (app.ts).
      if (settings['los:sending'] === 'paused') continue;
      context.addIssue({
        code: 'custom',
        path: [setting],
        message: `is a placeholder (${why}): before los:sending is live, set ${REPLACE_WITH[setting]}`,
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
  /**
   * `paused` (the default: the quiet start) or `live`. While paused, the runs record in the outbox what
   * they would send and send nothing; placeholder addresses and links are allowed (nothing goes to
   * them) and refused once live.
   */
  readonly sending: Sending;
  /** The board on AWS, behind sign-in with the council's Entra ID; null when it is not set up (no board). */
  readonly board: BoardSettings | null;
}

/** How the board signs staff in: the council's Entra ID, through a Cognito user pool of its own. */
export interface BoardSettings {
  /** The council's Entra tenant (Directory ID): the only tenant whose accounts can sign in. */
  readonly entraTenantId: string;
  /** The board's app registration in that tenant (Application (client) ID). */
  readonly entraClientId: string;
  /** The Secrets Manager secret holding that app registration's client secret (a plain string). */
  readonly entraSecretName: string;
  /** The Cognito domain prefix: sign-in goes through `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainPrefix: string;
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
    sending: parsed['los:sending'],
    board: boardSettingsOf(parsed),
  };
}

/** The board's settings when all four are set (the schema has refused some without the others). */
function boardSettingsOf(parsed: z.output<typeof SCHEMA>): BoardSettings | null {
  const entraTenantId = parsed['los:boardEntraTenantId'];
  const entraClientId = parsed['los:boardEntraClientId'];
  const entraSecretName = parsed['los:boardEntraSecret'];
  const domainPrefix = parsed['los:boardDomainPrefix'];
  return entraTenantId && entraClientId && entraSecretName && domainPrefix
    ? { entraTenantId, entraClientId, entraSecretName, domainPrefix }
    : null;
}

/** The settings in a construct tree's context (normally the App's). */
export function settingsOf(scope: IConstruct): Settings {
  return parseSettings(scope.node.getAllContext());
}
