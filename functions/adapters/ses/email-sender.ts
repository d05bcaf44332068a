/**
 * Email through SES v2 `SendEmail`: on AWS, and on a laptop against aws-ses-v2-local (the same code,
 * another endpoint). Each email is simple content: a subject and both a text and an HTML body, UTF-8.
 *
 * A failed send becomes a {@link SendError} whose message holds only the SES error code and HTTP status
 * (a {@link ConfigurationError} when the deployment, not the message, is at fault):
 * SES's own messages can quote the recipient's address ("…failed the check…: someone@council.gov.uk"),
 * and what the sender throws ends up in logs and in the notice ledger.
 */
import { SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import {
  ConfigurationError,
  type EmailSender,
  type OutgoingEmail,
  SendError,
  type SendingFault,
} from '../../core/ports.ts';

/** What the sender needs of an SES v2 client (an `SESv2Client` has it; tests pass a fake). */
export interface SesSendClient {
  send(command: SendEmailCommand): Promise<SendEmailCommandOutput>;
}

export interface SesEmailSenderOptions {
  /** The verified identity the mail comes from, such as `Line of Sight <alerts@council.gov.uk>`. */
  readonly from: string;
  /**
   * The configuration set whose event destinations report bounces and complaints. SES needs it for
   * those; aws-ses-v2-local ignores it.
   */
  readonly configurationSet?: string;
  /**
   * The SES identity the sender may send as (`los:sesIdentity`; IAM allows no other), named when IAM
   * refuses a send, so that the log says which identity SES must have verified.
   */
  readonly identity?: string;
}

/**
 * Errors a retry cannot fix: the message or the sender is refused, or the account may not send. Any
 * other client error (4xx) is treated the same way; these are named for the reader.
 */
const REFUSED = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
]);

/**
 * Refusals that say the deployment is not set up to send, not that this message is wrong: every email
 * would fail the same way until the identity or the account is put right (see docs/operations.md).
 * `MessageRejected` is one only when SES says an address is not verified (the sending identity, or in
 * the SES sandbox the recipient); IAM's `AccessDeniedException` means the identity the notifier may
 * send as (`los:sesIdentity`) is not the one SES verified.
 */
const MISCONFIGURED: Readonly<Record<string, SendingFault>> = {
  MailFromDomainNotVerifiedException: 'ses-identity',
  AccessDeniedException: 'ses-identity',
  AccountSuspendedException: 'ses-account',
  SendingPausedException: 'ses-account',
};

/** SES's words for an address that is not verified; read, never repeated (they quote the address). */
const NOT_VERIFIED = /not verified/i;

/**
 * Errors that pass with time: the sending rate (`TooManyRequestsException`, or a throttling code from
 * the SDK) and the sending quota (`LimitExceededException`; a later delivery may find it renewed).
 */
const THROTTLED = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
]);

/** The parts of an SDK or network error that are safe to report: codes and status, never text. */
interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The {@link SendError} for an error thrown by `SendEmail` as `identity` (when known). */
function sendErrorOf(error: unknown, identity: string | undefined): SendError {
  const { name = 'Error', code, $metadata } = (error ?? {}) as ErrorShape;
  const status = $metadata?.httpStatusCode;
  if (status === undefined) {
    // No HTTP answer: the connection failed or timed out; the mail was most likely not taken.
    return new SendError(`SES SendEmail failed before an answer (${code ?? name})`, true);
  }
  const failed = `SES SendEmail failed: ${name} (HTTP ${status})`;
  const { message = '' } = (error ?? {}) as ErrorShape;
  if (name === 'MessageRejected' && NOT_VERIFIED.test(message)) {
    return new ConfigurationError(`${failed}: an address is not verified in SES`, 'ses-identity');
  }
  if (name === 'AccessDeniedException' && identity !== undefined) {
    return new ConfigurationError(
      `${failed}: the notifier may send as ${identity} only (los:sesIdentity)`,
      'ses-identity',
    );
  }
  const fault = MISCONFIGURED[name];
  if (fault) return new ConfigurationError(failed, fault);
  const retryable = !REFUSED.has(name) && (THROTTLED.has(name) || status === 429 || status >= 500);
  return new SendError(failed, retryable);
}

/** {@link EmailSender} over SES v2. */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly client: SesSendClient,
    private readonly options: SesEmailSenderOptions,
  ) {}

  async send(email: OutgoingEmail): Promise<string | null> {
    const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    let output: SendEmailCommandOutput;
    try {
      output = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.options.from,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: utf8(email.subject),
              Body: { Text: utf8(email.text), Html: utf8(email.html) },
            },
          },
          ...(this.options.configurationSet && { ConfigurationSetName: this.options.configurationSet }),
        }),
      );
    } catch (error) {
      throw sendErrorOf(error, this.options.identity);
    }
    return output.MessageId ?? null;
  }
}
