/**
 * The board on AWS (`infra/stateless/board.ts`), synthesised with its settings set (cdk.json has none,
 * so the app the other suites read has no board): sign-in through Cognito to the council's Entra ID
 * only, the flow in the function with no authorizer, access logs, the routes, a function told no
 * secret, least-privilege grants, and cdk-nag finding nothing but what is acknowledged with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOARD_ENVIRONMENT, ENVIRONMENT } from '../../functions/handlers/lambda/environment.ts';
import { defineLineOfSight } from '../../infra/line-of-sight.ts';
import { parseSettings, SettingsError } from '../../infra/settings.ts';
import type { Board } from '../../infra/stateless/board.ts';
import { cdkJsonContext, testApp } from './cdk-app.ts';
import { acknowledgementsIn, SYNTHESIS_TIMEOUT, type ValidationReport } from './synth.ts';

const BOARD_SETTINGS = {
  'los:boardEntraTenantId': '11111111-2222-4333-8444-555555555555',
  'los:boardEntraClientId': '66666666-7777-4888-9999-000000000000',
  'los:boardEntraSecret': 'los/board-entra',
  'los:boardDomainPrefix': 'wessex-los-board',
};

let app: App;
let board: Board;
let template: Template;
let report: ValidationReport;

beforeAll(() => {
  app = testApp(BOARD_SETTINGS);
  const { stateless } = defineLineOfSight(app);
  if (!stateless.board) throw new Error('expected the board with its settings set');
  board = stateless.board;
  const assembly = app.synth();
  template = Template.fromStack(stateless);
  report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
}, SYNTHESIS_TIMEOUT);

/** The logical id of a construct's CloudFormation resource. */
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  Stack.of(board).getLogicalId(construct.node.defaultChild as CfnElement);

/** The one resource of `type`, its properties. */
function only(type: string): Record<string, unknown> {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return (found[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('the board’s settings', () => {
  it('leave the board out when none is set, as in cdk.json', () => {
    expect(parseSettings(cdkJsonContext()).board).toBeNull();
  });

  it('are read together, and refused when only some are set or one is wrong, each named', () => {
    expect(parseSettings({ ...cdkJsonContext(), ...BOARD_SETTINGS }).board).toEqual({
      entraTenantId: BOARD_SETTINGS['los:boardEntraTenantId'],
      entraClientId: BOARD_SETTINGS['los:boardEntraClientId'],
      entraSecretName: 'los/board-entra',
      domainPrefix: 'wessex-los-board',
    });
    const problems = (context: Record<string, unknown>) => {
      try {
        parseSettings({ ...cdkJsonContext(), ...context });
      } catch (error) {
        if (error instanceof SettingsError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ 'los:boardEntraTenantId': BOARD_SETTINGS['los:boardEntraTenantId'] })).toEqual(
      ['los:boardEntraClientId', 'los:boardEntraSecret', 'los:boardDomainPrefix'].map(
        (key) =>
          `${key}: is required, and must come with the other board settings: the board needs all four ` +
          '(los:boardEntraTenantId, los:boardEntraClientId, los:boardEntraSecret, los:boardDomainPrefix), or none for no board',
      ),
    );
    expect(
      problems({
        ...BOARD_SETTINGS,
        'los:boardEntraTenantId': 'council.onmicrosoft.com',
        'los:boardDomainPrefix': 'wessex-cognito',
      }),
    ).toEqual([
      'los:boardEntraTenantId: must be the council’s Entra tenant id (its Directory ID, a GUID) (got "council.onmicrosoft.com")',
      'los:boardDomainPrefix: must be the board’s Cognito domain prefix: lowercase letters, digits and hyphens, ' +
        'without aws, amazon or cognito, such as wessex-los-board (got "wessex-cognito")',
    ]);
  });
});

describe('the board on AWS', () => {
  it('signs in through a user pool with no sign-up, no recovery and no passwords in use, keeping Entra’s oid', () => {
    expect(only('AWS::Cognito::UserPool')).toMatchObject({
      UserPoolName: 'line-of-sight-dev-board',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      MfaConfiguration: 'OFF',
      UserPoolTier: 'ESSENTIALS',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      Schema: [{ Name: 'entra_oid', AttributeDataType: 'String', Mutable: true }],
    });
  });

  it('federates with the council’s tenant alone, its client secret resolved by CloudFormation, never in the template', () => {
    expect(only('AWS::Cognito::UserPoolIdentityProvider')).toMatchObject({
      ProviderName: 'EntraID',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: BOARD_SETTINGS['los:boardEntraClientId'],
        client_secret: '{{resolve:secretsmanager:los/board-entra:SecretString:::}}',
        oidc_issuer: `https://login.microsoftonline.com/${BOARD_SETTINGS['los:boardEntraTenantId']}/v2.0`,
        authorize_scopes: 'openid email profile',
      },
      AttributeMapping: { email: 'email', 'custom:entra_oid': 'oid' },
    });
  });

  it('has one app client: the authorisation code flow through Entra only, with a secret, back to the board', () => {
    const client = only('AWS::Cognito::UserPoolClient');
    expect(client).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      // The identity provider's name, EntraID, once it exists.
      SupportedIdentityProviders: [{ Ref: idOf(board.entra) }],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      IdTokenValidity: 480,
      PreventUserExistenceErrors: 'ENABLED',
    });
    // The API's own endpoint (https://<api id>.execute-api.<region>.amazonaws.com), and the page.
    const at = (path: string) => [
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(board.api), 'ApiEndpoint'] }, path]] },
    ];
    expect(client.CallbackURLs).toEqual(at('/auth/callback'));
    expect(client.LogoutURLs).toEqual(at('/auth/signed-out'));
    expect(only('AWS::Cognito::UserPoolDomain')).toMatchObject({ Domain: 'wessex-los-board' });
  });

  it('serves / and /{proxy+}, GET and POST, with no authorizer: the sign-in is the function’s', () => {
    expect(template.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map(({ Properties }) => Properties)
      .filter((route) => route.ApiId.Ref === idOf(board.api));
    expect(routes.map((route) => route.RouteKey).sort()).toEqual([
      'GET /',
      'GET /{proxy+}',
      'POST /',
      'POST /{proxy+}',
    ]);
    for (const route of routes) expect(route.AuthorizationType).toBe('NONE');
  });

  it('logs every request on its $default stage (who called what, never a cookie or a body), throttled', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))
      .map(({ Properties }) => Properties)
      .find((properties) => properties.ApiId.Ref === idOf(board.api));
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^BoardApiAccessLogs/), 'Arn'] },
        Format: expect.stringContaining('"routeKey":"$context.routeKey"'),
      },
    });
    expect(stage?.AccessLogSettings.Format).not.toMatch(/cookie|body|path/i);
  });

  it('tells the function where things are and the names of its secrets, never a secret', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      ({ Properties }) => Properties.FunctionName === 'line-of-sight-dev-board',
    )?.Properties;
    const variables = fn?.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual(
      [
        ENVIRONMENT.tableName,
        ENVIRONMENT.serviceName,
        ENVIRONMENT.ruleProfile,
        ENVIRONMENT.morningRunTime,
        'POWERTOOLS_LOG_LEVEL',
        'NODE_OPTIONS',
        ...Object.values(BOARD_ENVIRONMENT),
      ].sort(),
    );
    const text = JSON.stringify(variables);
    expect(text).not.toContain('resolve:secretsmanager');
    expect(text).not.toContain('"ClientSecret"');
    expect(variables[BOARD_ENVIRONMENT.clientSecretName]).toBe('line-of-sight-dev-board-client-secret');
    expect(variables[BOARD_ENVIRONMENT.actionTextKeyName]).toBe('line-of-sight-dev-board-action-text-key');
  });

  it('keeps the client secret and the action-text key in Secrets Manager, the key generated and kept', () => {
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(secrets[idOf(board.clientSecret)]?.Properties.SecretString).toEqual({
      'Fn::GetAtt': [idOf(board.client), 'ClientSecret'],
    });
    expect(secrets[idOf(board.actionTextKey)]).toMatchObject({
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the function read its two secrets and the table as ingest, the directory and the trackers index, nothing else', () => {
    const roleId = idOf(board.function.role as never);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter(({ Properties }) => Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap(({ Properties }) => Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((statement: { Action: string | string[] }) =>
      [statement.Action].flat(),
    );
    expect(actions.filter((action) => !action.startsWith('dynamodb:') && !action.startsWith('kms:'))).toEqual(
      expect.arrayContaining(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']),
    );
    expect(actions.some((action) => action.startsWith('cognito-idp:'))).toBe(false);
    expect(actions).not.toContain('dynamodb:Scan');
    const sids = statements.map((statement: { Sid?: string }) => statement.Sid).filter(Boolean);
    expect(sids).toEqual(
      expect.arrayContaining(['CaseReads', 'Puts', 'Deadlines', 'TrackerIndex', 'Directory']),
    );
    const secretsRead = statements
      .filter((statement: { Action: string | string[] }) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
      )
      .flatMap((statement: { Resource: unknown }) => [statement.Resource].flat());
    expect(secretsRead).toHaveLength(2);
    expect(secretsRead).toEqual(
      expect.arrayContaining([{ Ref: idOf(board.clientSecret) }, { Ref: idOf(board.actionTextKey) }]),
    );
  });

  it('keeps its logical ids, so a deployed board updates in place (its secrets and function have fixed names)', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string }>;
    expect(
      Object.fromEntries(
        Object.entries(resources)
          .filter(([id]) => id.startsWith('Board'))
          .map(([id, { Type }]) => [id, Type]),
      ),
    ).toEqual({
      BoardUserPoolC8CD4033: 'AWS::Cognito::UserPool',
      BoardUserPoolBoardClient1B1DC201: 'AWS::Cognito::UserPoolClient',
      BoardUserPoolBoardDomain54F3D410: 'AWS::Cognito::UserPoolDomain',
      BoardEntraId54C2C093: 'AWS::Cognito::UserPoolIdentityProvider',
      BoardApi7BCE9BB0: 'AWS::ApiGatewayV2::Api',
      BoardApiBoardStage3DA46D8F: 'AWS::ApiGatewayV2::Stage',
      BoardApiGETBoardIntegrationFA1BBE37: 'AWS::ApiGatewayV2::Integration',
      BoardApiGETBoardIntegrationPermissionFB8AB8CD: 'AWS::Lambda::Permission',
      BoardApiGETB4527A9D: 'AWS::ApiGatewayV2::Route',
      BoardApiPOSTBoardIntegrationPermissionFD5988A0: 'AWS::Lambda::Permission',
      BoardApiPOST8D723154: 'AWS::ApiGatewayV2::Route',
      BoardApiGETproxyBoardIntegrationPermissionEFDEA213: 'AWS::Lambda::Permission',
      BoardApiGETproxyC80D6091: 'AWS::ApiGatewayV2::Route',
      BoardApiPOSTproxyBoardIntegrationPermission7B9B38AA: 'AWS::Lambda::Permission',
      BoardApiPOSTproxy23D77A82: 'AWS::ApiGatewayV2::Route',
      BoardClientSecret14DBBA99: 'AWS::SecretsManager::Secret',
      BoardActionTextKey65292EE4: 'AWS::SecretsManager::Secret',
      BoardFunctionLogs23AF7F25: 'AWS::Logs::LogGroup',
      BoardFunctionRole7E66267A: 'AWS::IAM::Role',
      BoardFunctionRoleDefaultPolicy859014F4: 'AWS::IAM::Policy',
      BoardFunctionE2E5146D: 'AWS::Lambda::Function',
      BoardApiAccessLogs3313ECB9: 'AWS::Logs::LogGroup',
    });
  });

  it('leaves cdk-nag nothing to report, acknowledging only what the design answers, each with its reason', () => {
    expect(report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName))).toEqual([]);
    const boardAcknowledged = acknowledgementsIn(app).filter((line) => /COG2|COG8|APIG4|SMG4/.test(line));
    expect(
      boardAcknowledged.map((line) => line.slice(0, line.indexOf(':', 'AwsSolutions::'.length + 1))),
    ).toEqual([
      'AwsSolutions::AwsSolutions-COG2',
      'AwsSolutions::AwsSolutions-COG8',
      'AwsSolutions::AwsSolutions-APIG4',
      'AwsSolutions::AwsSolutions-SMG4',
      'AwsSolutions::AwsSolutions-SMG4',
    ]);
    for (const line of boardAcknowledged)
      expect(line.slice(line.indexOf(': ') + 2).length).toBeGreaterThan(80);
    // Each one answers a finding cdk-nag made: none is there for nothing.
    const suppressed = report.pluginReports.flatMap((r) =>
      (r.suppressedViolations ?? []).map((v) => v.ruleName),
    );
    expect(suppressed.filter((rule) => /COG|APIG|SMG/.test(rule)).sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-COG2',
      'AwsSolutions-COG8',
      'AwsSolutions-SMG4',
      'AwsSolutions-SMG4',
    ]);
  });
});
