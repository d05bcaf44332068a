/**
 * Whether SES will send for the deployment, read without sending anything: for `los doctor`, which runs
 * with an administrator's credentials (`ses:GetEmailIdentity` and `ses:GetAccount`; no function may
 * call them). Two reads of SES v2: the identity the notifier sends as (`los:sesIdentity`, the sender's
 * domain by default) and the account (production access or the sandbox, sending enabled, the quota).
 *
 * The answer names the identity and the settings, never a recipient; each problem is a sentence saying
 * what to do, as the notifier's refusal of the first email would otherwise be the first sign.
 */
import {
  GetAccountCommand,
  type GetAccountCommandOutput,
  GetEmailIdentityCommand,
  type GetEmailIdentityCommandOutput,
} from '@aws-sdk/client-sesv2';

/** What the status needs of an SES v2 client (an `SESv2Client` has it; tests pass a fake). */
export interface SesStatusClient {
  send(command: GetEmailIdentityCommand): Promise<GetEmailIdentityCommandOutput>;
  send(command: GetAccountCommand): Promise<GetAccountCommandOutput>;
}

/** What SES says of the identity and the account, and what stands in the way of sending. */
export interface SesSendingStatus {
  readonly identity: string;
  /** Whether SES has the identity at all in the region. */
  readonly identityFound: boolean;
  /** Whether SES will send as it (`VerifiedForSendingStatus`). */
  readonly verifiedForSending: boolean;
  /** SES's verification status: `SUCCESS`, `PENDING`, `FAILED`, `TEMPORARY_FAILURE`, `NOT_STARTED`; null when not found. */
  readonly verificationStatus: string | null;
  /** True in the SES sandbox: mail only to verified addresses, 200 a day. */
  readonly sandbox: boolean;
  /** False when SES has paused the account's sending. */
  readonly sendingEnabled: boolean;
  /** The account's quota: messages a day and a second, and sent in the last 24 hours. */
  readonly quota: {
    readonly perDay: number | null;
    readonly perSecond: number | null;
    readonly sentLastDay: number | null;
  };
  /** Each thing that stops or limits sending, as a sentence naming the setting; empty when all is well. */
  readonly problems: readonly string[];
}

/** The error's name, such as AccessDeniedException: never its message. */
const nameOf = (error: unknown) => (error as { name?: string } | null)?.name ?? 'Error';

/**
 * Reads the status of `identity` and of the account in the client's region.
 *
 * @throws the SDK's error when SES cannot be asked (credentials, permissions, the network), other than
 *   the identity not being found, which is an answer.
 */
export async function sesSendingStatus(client: SesStatusClient, identity: string): Promise<SesSendingStatus> {
  let found: GetEmailIdentityCommandOutput | null;
  try {
    found = await client.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
  } catch (error) {
    if (nameOf(error) !== 'NotFoundException') throw error;
    found = null;
  }
  const account = await client.send(new GetAccountCommand({}));
  const verifiedForSending = found?.VerifiedForSendingStatus === true;
  const verificationStatus = found?.VerificationStatus ?? null;
  const sandbox = account.ProductionAccessEnabled !== true;
  const sendingEnabled = account.SendingEnabled !== false;
  const problems: string[] = [];
  if (!found) {
    problems.push(
      `los:sesIdentity: SES has no identity ${identity} in this region: verify it (the domain with its DKIM records, or the address), or set los:sesIdentity to the identity SES has verified`,
    );
  } else if (!verifiedForSending) {
    problems.push(
      `los:sesIdentity: SES may not send as ${identity} yet (verification ${verificationStatus ?? 'unknown'}): finish verifying it; every email is refused until then`,
    );
  }
  if (!sendingEnabled) {
    problems.push('SES has paused sending for this account: see the SES console’s account dashboard');
  }
  if (sandbox) {
    problems.push(
      'The SES account is in the sandbox: it sends only to verified addresses, 200 a day; request production access before sending goes live',
    );
  }
  return {
    identity,
    identityFound: found !== null,
    verifiedForSending,
    verificationStatus,
    sandbox,
    sendingEnabled,
    quota: {
      perDay: account.SendQuota?.Max24HourSend ?? null,
      perSecond: account.SendQuota?.MaxSendRate ?? null,
      sentLastDay: account.SendQuota?.SentLast24Hours ?? null,
    },
    problems,
  };
}
