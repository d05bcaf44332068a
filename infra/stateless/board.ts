/**
 * The board on AWS: the web board (`functions/board/`) in one function behind an HTTP API, signing
 * staff in with the council's Microsoft Entra ID through a Cognito user pool of its own. Made only when
 * the board's settings are set (`los:board…`, all four): see "The board on AWS" in docs/operations.md.
 *
 * - **Sign-in runs in the function**, not in API Gateway: a JWT authorizer reads only a header or the
 *   query string, which a page load does not send, and answers 401 where a page load wants a redirect to
 *   sign in. The function sends the browser through Cognito to Entra (authorisation code with PKCE),
 *   keeps the ID token in a `__Host-` HttpOnly Secure SameSite=Lax cookie, and verifies it on every
 *   request (`functions/board/cognito-sign-in.ts`).
 * - **The user pool** has no sign-up and no passwords of its own in use: its one app client offers only
 *   the Entra identity provider, whose issuer is the council's tenant alone. Its users are the profiles
 *   Cognito keeps of staff who signed in (email, Entra's `oid`): no data of the pipeline's, remade at the
 *   next sign-in, so the pool goes with the stack.
 * - **Secrets** never in the environment: the function reads the app client's secret (copied by
 *   CloudFormation into a Secrets Manager secret of the stack) and the action-text key (a generated
 *   secret) at cold start. The Entra client secret goes from the council's secret to Cognito only.
 * - **The function** may do what ingest may do with the table (the board's actions are events through
 *   ingest's code), read the directory and query the trackers index, and read its two secrets.
 */
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  type CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ProviderAttribute,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolIdentityProviderOidc,
} from 'aws-cdk-lib/aws-cognito';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENTRA_PROVIDER_NAME } from '../../functions/board/cognito-sign-in.ts';
import { BOARD_ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { nameIn } from '../names.ts';
import type { BoardSettings } from '../settings.ts';
import { functionEnvironment, lineOfSightFunction, rulesEnvironment } from './function-defaults.ts';
import { loggedDefaultStage } from './http-stage.ts';
import { StackSection, type StackSectionProps } from './stack-section.ts';
import { boardTableStatements } from './table-grants.ts';

/** The board function's name, after the environment's prefix. */
export const BOARD_FUNCTION = 'board';

/** A page is a few reads of the table; API Gateway gives up on an HTTP API integration at 30 seconds. */
export const BOARD_TIMEOUT = Duration.seconds(28);

/** Requests a second to the board, steady and in a burst: a meeting room's clicks, with room to spare. */
export const BOARD_API_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/**
 * How long a sign-in lasts: the ID token's lifetime, and the session cookie's. A working day, so a
 * meeting is never interrupted; a leaver is refused at once all the same, as every request looks the
 * reader up in the directory in use.
 */
export const BOARD_SESSION = Duration.hours(8);

/** The board: its user pool, Entra identity provider, app client and domain; its function and HTTP API. */
export class Board extends StackSection {
  readonly userPool: UserPool;
  readonly entra: UserPoolIdentityProviderOidc;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly function: NodejsFunction;
  /** The app client's secret, copied by CloudFormation from the client into Secrets Manager. */
  readonly clientSecret: Secret;
  /** The key the action texts are encrypted with, generated. */
  readonly actionTextKey: Secret;

  constructor(scope: Construct, id: string, props: StackSectionProps & { readonly board: BoardSettings }) {
    super(scope, id, props);
    const { name, stateful } = this;
    const { board } = props;

    this.userPool = new UserPool(this, 'BoardUserPool', {
      userPoolName: nameIn(name, 'board'),
      selfSignUpEnabled: false,
      featurePlan: FeaturePlan.ESSENTIALS,
      // Every user comes through Entra, where MFA is the council's (Cognito leaves a federated user's
      // MFA to the identity provider), so Cognito's own is off.
      mfa: Mfa.OFF,
      // No passwords are used (the app client offers Entra only); should one be set, it is a strong one.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.NONE,
      customAttributes: { entra_oid: new StringAttribute({ mutable: true }) },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.entra = new UserPoolIdentityProviderOidc(this, 'BoardEntraId', {
      userPool: this.userPool,
      name: ENTRA_PROVIDER_NAME,
      clientId: board.entraClientId,
      // A dynamic reference, resolved by CloudFormation at deploy time: never in the template.
      clientSecret: SecretValue.secretsManager(board.entraSecretName).unsafeUnwrap(),
      // The council's tenant only: Entra's v2.0 authority with its id admits no other tenant's accounts.
      issuerUrl: `https://login.microsoftonline.com/${board.entraTenantId}/v2.0`,
      scopes: ['openid', 'email', 'profile'],
      attributeMapping: {
        email: ProviderAttribute.other('email'),
        custom: { 'custom:entra_oid': ProviderAttribute.other('oid') },
      },
    });

    this.api = new HttpApi(this, 'BoardApi', {
      apiName: nameIn(name, 'board'),
      description: 'Line of Sight: the board (sign-in with Entra ID in the function)',
      createDefaultStage: false,
    });
    const boardUrl = this.api.apiEndpoint;

    this.client = this.userPool.addClient('BoardClient', {
      userPoolClientName: nameIn(name, 'board'),
      generateSecret: true,
      // Only refresh-token auth is left: no passwords, no SRP; sign-in is the authorisation code flow.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${boardUrl}/auth/callback`],
        logoutUrls: [`${boardUrl}/auth/signed-out`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.custom(this.entra.providerName)],
      idTokenValidity: BOARD_SESSION,
      // Neither is used (the board keeps the ID token only): as short as Cognito allows.
      accessTokenValidity: Duration.minutes(5),
      refreshTokenValidity: BOARD_SESSION,
      preventUserExistenceErrors: true,
    });
    this.client.node.addDependency(this.entra);

    this.domain = this.userPool.addDomain('BoardDomain', {
      cognitoDomain: { domainPrefix: board.domainPrefix },
    });

    const clientSecretName = nameIn(name, 'board-client-secret');
    const actionTextKeyName = nameIn(name, 'board-action-text-key');
    this.clientSecret = new Secret(this, 'BoardClientSecret', {
      secretName: clientSecretName,
      description: 'The board app client’s secret, copied from the Cognito client by CloudFormation',
      secretStringValue: SecretValue.resourceAttribute(
        (this.client.node.defaultChild as CfnUserPoolClient).attrClientSecret,
      ),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.actionTextKey = new Secret(this, 'BoardActionTextKey', {
      secretName: actionTextKeyName,
      description:
        'The secret the board derives its action-text key from (64 random letters and digits; AES-256-GCM key by HKDF-SHA256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Stored texts are encrypted with it: losing it loses them.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.function = lineOfSightFunction(this, 'BoardFunction', {
      functionName: nameIn(name, BOARD_FUNCTION),
      entry: 'board.ts',
      description: 'The Line of Sight board: trackers, cases, the agenda and actions, behind Entra sign-in',
      timeout: BOARD_TIMEOUT,
      environment: functionEnvironment(stateful.table, 'line-of-sight-board', {
        ...rulesEnvironment(this.settings),
        [BOARD_ENVIRONMENT.boardUrl]: boardUrl,
        [BOARD_ENVIRONMENT.userPoolId]: this.userPool.userPoolId,
        [BOARD_ENVIRONMENT.clientId]: this.client.userPoolClientId,
        [BOARD_ENVIRONMENT.cognitoDomain]: this.domain.baseUrl(),
        // Their names only: the function reads the values at cold start.
        [BOARD_ENVIRONMENT.clientSecretName]: clientSecretName,
        [BOARD_ENVIRONMENT.actionTextKeyName]: actionTextKeyName,
      }),
      stateful,
      tableStatements: boardTableStatements(stateful.table),
      ruleProfile: this.settings.ruleProfile,
    });
    // biome-ignore lint/style/noNonNullAssertion: lineOfSightFunction always gives the function a role
    const role = this.function.role!;
    this.clientSecret.grantRead(role);
    this.actionTextKey.grantRead(role);

    // The route key says the page (`GET /{proxy+}`), not its path: a path names a case by its reference.
    this.stage = loggedDefaultStage(this, this.api, {
      stageId: 'BoardStage',
      logsId: 'BoardApiAccessLogs',
      throttle: BOARD_API_THROTTLE,
    });
    const integration = new HttpLambdaIntegration('BoardIntegration', this.function);
    for (const path of ['/', '/{proxy+}']) {
      this.api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration });
    }

    this.acknowledgements();
    new CfnOutput(this, 'BoardUrl', {
      value: `${boardUrl}/`,
      description: 'The board: open it and sign in with the council’s Microsoft account',
    });
    new CfnOutput(this, 'BoardEntraRedirectUri', {
      value: `${this.domain.baseUrl()}/oauth2/idpresponse`,
      description: 'The redirect URI (Web) to register on the board’s Entra app registration',
    });
  }

  /** cdk-nag's findings on the board that its design answers, each with why. */
  private acknowledgements(): void {
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-COG2',
        reason:
          'Every user signs in through the council’s Entra ID (the app client offers no other provider), and Cognito leaves a federated user’s MFA to the identity provider: MFA is enforced by the council’s Entra conditional access, not by Cognito.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-COG8',
        reason:
          'The Plus plan’s threat protection covers Cognito’s own password, SRP and custom sign-ins, none of which the board’s app client allows (authorisation code through Entra only); risk-based checks of a federated sign-in are Entra’s (Identity Protection).',
      },
    );
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'Authorisation is in the board’s function: every route but /auth/* needs a session cookie holding a Cognito ID token the function verifies, and a reader’s line from the directory (deny by default). An API Gateway JWT authorizer reads only a header or the query string, which a page load does not send, and answers 401 where a page load needs a redirect to sign in.',
    });
    Validations.of(this.actionTextKey).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The key that encrypts the action texts already stored: rotating it would leave them unreadable. It is read only by the board’s function.',
    });
    Validations.of(this.clientSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'A copy of the Cognito app client’s secret, which CloudFormation writes from the client; it changes only when the client is replaced, and Secrets Manager cannot rotate a Cognito client secret.',
    });
  }
}
