/** The SES v2 email sender: the request it makes, and which failures a retry may cure. */
import {
  MessageRejected,
  SESv2ServiceException,
  type SendEmailCommand,
  type SendEmailCommandOutput,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesEmailSender, type SesSendClient } from '../../functions/adapters/ses/email-sender.ts';
import { type OutgoingEmail, SendError } from '../../functions/core/ports.ts';

const EMAIL: OutgoingEmail = {
  to: 'sam.worker@council.example',
  subject: 'CASE-17: visit due Friday',
  text: 'The visit to CASE-17 is due on Fri 18 Dec 2026.',
  html: '<p>The visit to CASE-17 is due on <b>Fri 18 Dec 2026</b>.</p>',
};

/** A fake client that records each command and answers with `reply`. */
function fakeSes(reply: () => Promise<SendEmailCommandOutput>) {
  const commands: SendEmailCommand[] = [];
  const client: SesSendClient = {
    send(command) {
      commands.push(command);
      return reply();
    },
  };
  return { client, commands };
}

const metadata = (httpStatusCode?: number) => ({ $metadata: { httpStatusCode } });

/** What SES throws: SDK exceptions whose messages quote the address, as SES's do. */
const failures = {
  throttled: () =>
    new TooManyRequestsException({
      message: `Maximum sending rate exceeded for ${EMAIL.to}`,
      ...metadata(429),
    }),
  rejected: () =>
    new MessageRejected({
      message: `Email address is not verified. The following identities failed the check: ${EMAIL.to}`,
      ...metadata(400),
    }),
  unavailable: () =>
    new SESv2ServiceException({
      name: 'InternalFailure',
      $fault: 'server',
      message: `internal error sending to ${EMAIL.to}`,
      ...metadata(503),
    }),
  otherClientError: () =>
    new SESv2ServiceException({
      name: 'NotFoundException',
      $fault: 'client',
      message: 'configuration set not found',
      ...metadata(404),
    }),
  network: () => Object.assign(new Error(`connect ECONNREFUSED for ${EMAIL.to}`), { code: 'ECONNREFUSED' }),
};

async function failureOf(error: Error): Promise<SendError> {
  const { client } = fakeSes(() => Promise.reject(error));
  const thrown = await new SesEmailSender(client, { from: 'alerts@council.example' })
    .send(EMAIL)
    .catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(SendError);
  return thrown as SendError;
}

describe('SesEmailSender', () => {
  it('sends simple UTF-8 content with both bodies, from the configured identity, and returns the message id', async () => {
    const { client, commands } = fakeSes(async () => ({ MessageId: 'm-1', ...metadata(200) }));
    const sender = new SesEmailSender(client, {
      from: 'alerts@council.example',
      configurationSet: 'los-events',
    });
    await expect(sender.send(EMAIL)).resolves.toBe('m-1');
    expect(commands.map((command) => command.input)).toEqual([
      {
        FromEmailAddress: 'alerts@council.example',
        Destination: { ToAddresses: [EMAIL.to] },
        Content: {
          Simple: {
            Subject: { Data: EMAIL.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: EMAIL.text, Charset: 'UTF-8' },
              Html: { Data: EMAIL.html, Charset: 'UTF-8' },
            },
          },
        },
        ConfigurationSetName: 'los-events',
      },
    ]);
  });

  it('leaves the configuration set out when none is configured, and answers null without a message id', async () => {
    const { client, commands } = fakeSes(async () => metadata(200));
    await expect(
      new SesEmailSender(client, { from: 'alerts@council.example' }).send(EMAIL),
    ).resolves.toBeNull();
    expect(commands[0]?.input).not.toHaveProperty('ConfigurationSetName');
  });

  it.each([
    ['throttling', failures.throttled, true, 'TooManyRequestsException (HTTP 429)'],
    ['a server error', failures.unavailable, true, 'InternalFailure (HTTP 503)'],
    ['a network error', failures.network, true, 'ECONNREFUSED'],
    ['a rejected message', failures.rejected, false, 'MessageRejected (HTTP 400)'],
    ['any other client error', failures.otherClientError, false, 'NotFoundException (HTTP 404)'],
  ])(
    'turns %s into a SendError (retryable: %s) naming the code only',
    async (_, failure, retryable, code) => {
      const error = await failureOf(failure());
      expect(error.retryable).toBe(retryable);
      expect(error.message).toContain(code);
      expect(error.message).not.toContain(EMAIL.to);
      expect(error.message).not.toContain('CASE-17');
    },
  );

  it.each([
    'MailFromDomainNotVerifiedException',
    'AccountSuspendedException',
    'SendingPausedException',
    'BadRequestException',
  ])('treats %s as final', async (name) => {
    const error = await failureOf(
      new SESv2ServiceException({ name, $fault: 'client', message: EMAIL.to, ...metadata(400) }),
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`SES SendEmail failed: ${name} (HTTP 400)`);
  });
});
