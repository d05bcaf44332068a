/** The deployment settings: defaults, and mistakes reported by context key, all at once, in plain words. */
import { describe, expect, it } from 'vitest';
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import { parseSettings, placeholderDomain, SettingsError } from '../../infra/settings.ts';
import { cdkJsonContext, testApp } from './cdk-app.ts';

const REQUIRED = {
  'los:senderAddress': 'alerts@council.example.gov.uk',
  'los:caseLinkTemplate': 'https://cases.council.example.gov.uk/cases/{caseId}',
};

/** Real-looking settings: what a council would deploy live with. */
const LIVE = {
  'los:senderAddress': 'alerts@wessex.gov.uk',
  'los:caseLinkTemplate': 'https://mosaic.wessex.gov.uk/cases/{caseId}',
};

/** The problems `parseSettings` reports for `context`. */
function problemsOf(context: Record<string, unknown>): readonly string[] {
  try {
    parseSettings(context);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('parseSettings', () => {
  it('reads cdk.json, ignoring CDK’s own feature flags', () => {
    expect(parseSettings(cdkJsonContext())).toEqual({
      environmentName: 'dev',
      region: 'eu-west-2',
      ruleProfile: 'default',
      senderAddress: 'line-of-sight@council.example.gov.uk',
      caseLinkTemplate: 'https://cases.council.example.gov.uk/cases/{caseId}',
      morningRunTime: '07:00',
      teamsWebhooksSecret: null,
      sesIdentity: 'council.example.gov.uk',
      alarmEmail: null,
      sending: 'paused',
      board: null,
    });
  });

  it('fills in defaults for everything but the sender and the case link', () => {
    expect(parseSettings(REQUIRED)).toEqual({
      environmentName: 'dev',
      region: 'eu-west-2',
      ruleProfile: 'default',
      senderAddress: 'alerts@council.example.gov.uk',
      caseLinkTemplate: 'https://cases.council.example.gov.uk/cases/{caseId}',
      morningRunTime: '07:00',
      teamsWebhooksSecret: null,
      sesIdentity: 'council.example.gov.uk',
      alarmEmail: null,
      sending: 'paused',
      board: null,
    });
  });

  it('names each missing setting and says what it must be', () => {
    expect(problemsOf({})).toEqual([
      'los:senderAddress: is required, and must be an email address verified in SES, such as alerts@council.gov.uk',
      'los:caseLinkTemplate: is required, and must be an https URL, such as https://cases.council.gov.uk/{caseId}',
    ]);
  });

  it('lists every wrong value at once, with the value given', () => {
    expect(
      problemsOf({
        ...REQUIRED,
        'los:environmentName': 'Prod',
        'los:region': 'London',
        'los:ruleProfile': 'strict',
        'los:senderAddress': 'alerts',
        'los:morningRunTime': '7am',
      }),
    ).toEqual([
      'los:environmentName: must be 2 to 16 lowercase letters, digits or hyphens, starting with a letter, such as dev or prod (got "Prod")',
      'los:region: must be an AWS region code, such as eu-west-2 (London) (got "London")',
      'los:ruleProfile: must be default, statutory, or the path of a council profile file ending in .json (got "strict")',
      'los:senderAddress: must be an email address verified in SES, such as alerts@council.gov.uk (got "alerts")',
      'los:morningRunTime: must be a 24-hour London time HH:MM, such as 07:00 (got "7am")',
    ]);
  });

  it('wants the case link over https with a place for the case reference', () => {
    expect(problemsOf({ ...REQUIRED, 'los:caseLinkTemplate': 'http://cases.example/{caseId}' })).toEqual([
      'los:caseLinkTemplate: must be an https URL, such as https://cases.council.gov.uk/{caseId} (got "http://cases.example/{caseId}")',
    ]);
    expect(problemsOf({ ...REQUIRED, 'los:caseLinkTemplate': 'https://cases.example/' })).toEqual([
      'los:caseLinkTemplate: must contain {caseId}, where the case reference goes (got "https://cases.example/")',
    ]);
  });

  it('catches a misspelt setting instead of quietly using the default', () => {
    const [problem] = problemsOf({ ...REQUIRED, 'los:morningRuntime': '06:30' });
    expect(problem).toMatch(
      /^los:morningRuntime: is not a setting \(the settings are los:environmentName, .*\)$/,
    );
    expect(problem).toContain('los:morningRunTime');
  });

  it('takes the one Teams webhooks secret by name, none when absent or empty', () => {
    expect(parseSettings({ ...REQUIRED, 'los:teamsWebhooksSecret': 'los/teams-webhooks' })).toMatchObject({
      teamsWebhooksSecret: 'los/teams-webhooks',
    });
    expect(parseSettings({ ...REQUIRED, 'los:teamsWebhooksSecret': '' }).teamsWebhooksSecret).toBeNull();
    expect(problemsOf({ ...REQUIRED, 'los:teamsWebhooksSecret': 'a secret' })).toEqual([
      'los:teamsWebhooksSecret: must be the name of one Secrets Manager secret (letters, digits and / _ + = . @ -), such as los/teams-webhooks (got "a secret")',
    ]);
    expect(problemsOf({ ...REQUIRED, 'los:teamsWebhooksSecret': ['los/teams/a', 'los/teams/b'] })).toEqual([
      'los:teamsWebhooksSecret: must be the name of one Secrets Manager secret (letters, digits and / _ + = . @ -), such as los/teams-webhooks (got ["los/teams/a","los/teams/b"])',
    ]);
  });

  it('tells an operator still listing los:teamsSecretNames to move to los:teamsWebhooksSecret', () => {
    expect(problemsOf({ ...REQUIRED, 'los:teamsSecretNames': ['teams-north-1', 'children-east'] })).toEqual([
      'los:teamsSecretNames: is no longer a setting: put every channel’s webhook URL in one secret, a JSON map ' +
        'of channel to URL, and name it in los:teamsWebhooksSecret (see "Teams channels" in docs/operations.md)',
    ]);
  });

  it('sends as the sender’s domain unless told the SES identity, which must cover the sender', () => {
    expect(
      parseSettings({ ...REQUIRED, 'los:senderAddress': 'Alerts@Council.Example.gov.uk' }).sesIdentity,
    ).toBe('council.example.gov.uk');
    expect(parseSettings({ ...REQUIRED, 'los:sesIdentity': 'example.gov.uk' }).sesIdentity).toBe(
      'example.gov.uk',
    );
    expect(
      parseSettings({ ...REQUIRED, 'los:sesIdentity': 'alerts@council.example.gov.uk' }).sesIdentity,
    ).toBe('alerts@council.example.gov.uk');
    expect(problemsOf({ ...REQUIRED, 'los:sesIdentity': 'other.gov.uk' })).toEqual([
      'los:sesIdentity: must cover los:senderAddress: its domain (or a parent domain), or the address itself (got "other.gov.uk")',
    ]);
    expect(problemsOf({ ...REQUIRED, 'los:sesIdentity': 'someone@council.example.gov.uk' })).toHaveLength(1);
    // A look-alike is not a parent domain.
    expect(problemsOf({ ...REQUIRED, 'los:sesIdentity': 'ample.gov.uk' })).toHaveLength(1);
    expect(problemsOf({ ...REQUIRED, 'los:sesIdentity': 'not a domain' })).toEqual([
      'los:sesIdentity: must be the SES identity verified for sending: a domain such as council.gov.uk, or the sender address (got "not a domain")',
    ]);
  });

  it('emails the alarms to los:alarmEmail when set, and checks it', () => {
    expect(
      parseSettings({ ...REQUIRED, 'los:alarmEmail': 'los-admins@council.example.gov.uk' }).alarmEmail,
    ).toBe('los-admins@council.example.gov.uk');
    expect(problemsOf({ ...REQUIRED, 'los:alarmEmail': 'admins' })).toEqual([
      'los:alarmEmail: must be an email address for the alarms, such as los-admins@council.gov.uk (got "admins")',
    ]);
  });

  it('starts with sending paused, and takes paused or live', () => {
    expect(parseSettings(REQUIRED).sending).toBe('paused');
    expect(parseSettings({ ...LIVE, 'los:sending': 'live' }).sending).toBe('live');
    expect(problemsOf({ ...REQUIRED, 'los:sending': 'on' })).toEqual([
      'los:sending: must be paused (the runs record what they would send, in the outbox) or live (got "on")',
    ]);
  });

  it('refuses placeholder addresses and links once sending is live, naming each setting', () => {
    const placeholders = {
      ...REQUIRED,
      'los:sesIdentity': 'example.gov.uk',
      'los:alarmEmail': 'admins@council.test',
    };
    // While paused nothing is sent to or from them: allowed (and warned of at every synth).
    expect(parseSettings(placeholders).sending).toBe('paused');
    expect(problemsOf({ ...placeholders, 'los:sending': 'live' })).toEqual([
      'los:senderAddress: is a placeholder (council.example.gov.uk is an example domain): before los:sending is live, set the address notices really come from, in a domain verified in SES (got "alerts@council.example.gov.uk")',
      'los:sesIdentity: is a placeholder (example.gov.uk is an example domain): before los:sending is live, set the identity SES has verified, or leave it out for the sender’s domain (got "example.gov.uk")',
      'los:caseLinkTemplate: is a placeholder (cases.council.example.gov.uk is an example domain): before los:sending is live, set the case system’s real link (got "https://cases.council.example.gov.uk/cases/{caseId}")',
      'los:alarmEmail: is a placeholder (council.test is a reserved domain): before los:sending is live, set the administrators’ real address, or leave it out (got "admins@council.test")',
    ]);
    // The sender's domain, when it is the identity, is reported once, as the sender.
    expect(
      problemsOf({ ...REQUIRED, 'los:sending': 'live' }).map((problem) => problem.split(':')[1]),
    ).toEqual(['senderAddress', 'caseLinkTemplate']);
    expect(parseSettings({ ...LIVE, 'los:sending': 'live' }).senderAddress).toBe('alerts@wessex.gov.uk');
  });

  it('knows a placeholder domain when it sees one', () => {
    for (const host of [
      'example.com',
      'mail.example.org',
      'example.net',
      'council.example',
      'council.example.gov.uk',
      'cases.test',
      'cases.invalid',
      'localhost',
      'cases.local',
      '127.0.0.1',
      '[::1]',
    ]) {
      expect(placeholderDomain(host), host).not.toBeNull();
    }
    for (const host of [
      'wessex.gov.uk',
      'examples.gov.uk',
      'cases.council-name.gov.uk',
      'mosaic.wessex.gov.uk',
    ]) {
      expect(placeholderDomain(host), host).toBeNull();
    }
  });

  it('says where the settings live and lists the problems in its message', () => {
    expect(() => parseSettings({})).toThrow(
      /^The Line of Sight settings \(cdk\.json "context", or -c key=value\) are not valid:\n {2}- los:senderAddress: /,
    );
  });
});

describe('defineLineOfSight', () => {
  it('refuses bad settings before making any stack', () => {
    const app = testApp({ 'los:senderAddress': 'nobody' });
    expect(() => defineLineOfSight(app)).toThrow(SettingsError);
    expect(app.node.children).toEqual([]);
  });
});
