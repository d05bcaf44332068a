/**
 * What cannot work, found before the first send and refused, as such, by the first that needs it: the
 * read-only checks `los doctor` calls (the directory's Teams channels against the webhooks secret's,
 * SES's identity and account), and the refusals the notifier logs as a misconfiguration (an alarm at the
 * first) rather than as a failed send. None of them holds a URL, an address or a message.
 */

import type { GetSecretValueCommand, GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import {
  type GetAccountCommand,
  type GetAccountCommandOutput,
  GetEmailIdentityCommand,
  type GetEmailIdentityCommandOutput,
  MessageRejected,
  NotFoundException,
  SESv2ServiceException,
} from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../functions/adapters/ses/email-sender.ts';
import { type SesStatusClient, sesSendingStatus } from '../../functions/adapters/ses/sending-status.ts';
import {
  type SecretValueClient,
  secretsManagerUrlResolver,
  webhookChannelsIn,
} from '../../functions/adapters/teams/secrets-url-resolver.ts';
import type { DirectoryData } from '../../functions/core/directory/model.ts';
import { channelsWithoutWebhook } from '../../functions/core/directory/teams-channels.ts';
import { ConfigurationError, SendError } from '../../functions/core/ports.ts';

const SIGNED = 'https://prod-00.uksouth.logic.azure.com/workflows/abc?sig=SECRET-SIGNATURE';

/** A Secrets Manager client whose one secret holds `value`. */
const secretHolding = (value: unknown): SecretValueClient => ({
  send: async (_command: GetSecretValueCommand) =>
    ({ SecretString: JSON.stringify(value), $metadata: {} }) as GetSecretValueCommandOutput,
});

const DIRECTORY: Pick<DirectoryData, 'teams'> = {
  teams: [
    {
      id: 'childrens-services',
      name: 'Children’s Services',
      parentId: null,
      teamsChannel: 'teams-childrens',
    },
    { id: 'team-north-1', name: 'North 1', parentId: 'childrens-services', teamsChannel: 'teams-north' },
    { id: 'team-north-2', name: 'North 2', parentId: 'childrens-services', teamsChannel: 'teams-north' },
    { id: 'team-east-1', name: 'East 1', parentId: 'childrens-services', teamsChannel: 'teams-east' },
    { id: 'team-west-1', name: 'West 1', parentId: 'childrens-services', teamsChannel: null },
  ],
};

describe('the Teams channels the directory names', () => {
  it('are told apart from the secret’s, by name only: those with no webhook, and those not https', async () => {
    const secret = secretHolding({
      'teams-childrens': SIGNED,
      'teams-east': 'http://not-https.example/hook',
      'teams-unused': SIGNED,
    });
    const webhooks = await webhookChannelsIn(secret, 'los/teams-webhooks');
    expect(webhooks).toEqual({ channels: ['teams-childrens', 'teams-unused'], notHttps: ['teams-east'] });
    expect(JSON.stringify(webhooks)).not.toContain('SECRET-SIGNATURE');
    expect(channelsWithoutWebhook(DIRECTORY, webhooks.channels)).toEqual([
      { channel: 'teams-east', teamIds: ['team-east-1'] },
      { channel: 'teams-north', teamIds: ['team-north-1', 'team-north-2'] },
    ]);
    expect(channelsWithoutWebhook(DIRECTORY, ['teams-childrens', 'teams-north', 'teams-east'])).toEqual([]);
  });

  it('cannot be checked against a secret that is missing or not a map: a configuration error names it', async () => {
    const missing: SecretValueClient = {
      send: async () => {
        throw Object.assign(new Error('Secrets Manager can’t find the specified secret.'), {
          name: 'ResourceNotFoundException',
        });
      },
    };
    await expect(webhookChannelsIn(missing, 'los/teams-webhooks')).rejects.toEqual(
      new ConfigurationError('the Teams webhooks secret los/teams-webhooks does not exist', 'teams-webhooks'),
    );
    await expect(webhookChannelsIn(secretHolding([SIGNED]), 'los/teams-webhooks')).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('without a webhook are refused by the first card that needs one, as a configuration error', async () => {
    const resolve = secretsManagerUrlResolver(
      secretHolding({ 'teams-childrens': SIGNED }),
      'los/teams-webhooks',
    );
    const refused = await resolve('teams-north').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect(refused).toMatchObject({
      fault: 'teams-webhooks',
      retryable: false,
      message: 'Teams channel teams-north has no webhook URL in the webhooks secret',
    });
    await expect(secretsManagerUrlResolver(secretHolding({}), null)('teams-north')).rejects.toMatchObject({
      name: 'ConfigurationError',
      fault: 'teams-webhooks',
    });
  });
});

/** An SES client answering GetEmailIdentity with `identity` (or throwing it) and GetAccount with `account`. */
function fakeSes(
  identity: Partial<GetEmailIdentityCommandOutput> | Error,
  account: Partial<GetAccountCommandOutput>,
) {
  const asked: string[] = [];
  const client = {
    send: async (command: GetEmailIdentityCommand | GetAccountCommand) => {
      asked.push(command.constructor.name);
      if (command instanceof GetEmailIdentityCommand) {
        expect(command.input).toEqual({ EmailIdentity: 'wessex.gov.uk' });
        if (identity instanceof Error) throw identity;
        return { $metadata: {}, ...identity };
      }
      return { $metadata: {}, ...account };
    },
  } as unknown as SesStatusClient;
  return { client, asked };
}

const PRODUCTION = {
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 120 },
};

describe('SES, asked whether it will send', () => {
  it('says all is well for a verified identity on an account out of the sandbox', async () => {
    const { client, asked } = fakeSes(
      { VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' },
      PRODUCTION,
    );
    expect(await sesSendingStatus(client, 'wessex.gov.uk')).toEqual({
      identity: 'wessex.gov.uk',
      identityFound: true,
      verifiedForSending: true,
      verificationStatus: 'SUCCESS',
      sandbox: false,
      sendingEnabled: true,
      quota: { perDay: 50_000, perSecond: 14, sentLastDay: 120 },
      problems: [],
    });
    expect(asked).toEqual(['GetEmailIdentityCommand', 'GetAccountCommand']);
  });

  it('names los:sesIdentity for an identity not verified or not there, and says when the account is in the sandbox', async () => {
    const pending = fakeSes(
      { VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' },
      { ProductionAccessEnabled: false, SendingEnabled: true },
    );
    expect((await sesSendingStatus(pending.client, 'wessex.gov.uk')).problems).toEqual([
      'los:sesIdentity: SES may not send as wessex.gov.uk yet (verification PENDING): finish verifying it; every email is refused until then',
      'The SES account is in the sandbox: it sends only to verified addresses, 200 a day; request production access before sending goes live',
    ]);
    const absent = fakeSes(
      new NotFoundException({ message: 'Email identity wessex.gov.uk does not exist.', $metadata: {} }),
      {
        ...PRODUCTION,
        SendingEnabled: false,
      },
    );
    const status = await sesSendingStatus(absent.client, 'wessex.gov.uk');
    expect(status).toMatchObject({
      identityFound: false,
      verifiedForSending: false,
      verificationStatus: null,
    });
    expect(status.problems).toEqual([
      'los:sesIdentity: SES has no identity wessex.gov.uk in this region: verify it (the domain with its DKIM records, or the address), or set los:sesIdentity to the identity SES has verified',
      'SES has paused sending for this account: see the SES console’s account dashboard',
    ]);
  });

  it('lets an error other than “not found” through: SES could not be asked', async () => {
    const denied = fakeSes(
      Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }),
      PRODUCTION,
    );
    await expect(sesSendingStatus(denied.client, 'wessex.gov.uk')).rejects.toThrow('not authorized');
  });
});

describe('an email SES refuses for how the deployment is set up', () => {
  const refusing = (error: Error) =>
    new SesEmailSender(
      {
        send: async () => {
          throw error;
        },
      },
      { from: 'Line of Sight <alerts@wessex.gov.uk>', identity: 'wessex.gov.uk' },
    ).send({ to: 'sam.worker@wessex.gov.uk', subject: 's', text: 't', html: '<p>t</p>' });
  const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

  it.each([
    [
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check: sam.worker@wessex.gov.uk',
        ...metadata(400),
      }),
      'ses-identity',
      'SES SendEmail failed: MessageRejected (HTTP 400): an address is not verified in SES',
    ],
    [
      new SESv2ServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'x',
        ...metadata(403),
      }),
      'ses-identity',
      'SES SendEmail failed: AccessDeniedException (HTTP 403): the notifier may send as wessex.gov.uk only (los:sesIdentity)',
    ],
    [
      new SESv2ServiceException({
        name: 'SendingPausedException',
        $fault: 'client',
        message: 'x',
        ...metadata(400),
      }),
      'ses-account',
      'SES SendEmail failed: SendingPausedException (HTTP 400)',
    ],
  ])(
    'is a configuration error naming what to put right, never the address (%#)',
    async (error, fault, message) => {
      const refused = await refusing(error).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConfigurationError);
      expect(refused).toMatchObject({ fault, message, retryable: false });
      expect((refused as Error).message).not.toContain('sam.worker');
    },
  );

  it('is not one when the message itself is rejected for another reason', async () => {
    const refused = await refusing(
      new MessageRejected({ message: 'Email address contains an illegal character.', ...metadata(400) }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SendError);
    expect(refused).not.toBeInstanceOf(ConfigurationError);
  });
});
