/**
 * Lambda entry point of the notifier (`handler`), fed by the notices queue. The environment (TABLE_NAME,
 * CASE_LINK_TEMPLATE, SENDER_ADDRESS, SES_IDENTITY, SES_CONFIGURATION_SET, DEADLINE_EVENT_BUS, and
 * TEAMS_WEBHOOKS_SECRET when Teams is configured) is checked when the module loads, so a function
 * deployed without one fails at cold start with a message naming it. The event itself is never logged (`logEvent: false` overrides
 * POWERTOOLS_LOGGER_LOG_EVENT): its messages name people and cases.
 *
 * The notifier's wiring lives here rather than in `runtime.ts`, so that MJML and the SES and Secrets
 * Manager clients are bundled into this function only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import middy from '@middy/core';
import { DynamoNoticeLedger } from '../../adapters/dynamodb/notice-ledger.ts';
import { EventBridgeDeadlineEventPublisher } from '../../adapters/eventbridge/deadline-event-publisher.ts';
import { SesEmailSender } from '../../adapters/ses/email-sender.ts';
import { secretsManagerUrlResolver } from '../../adapters/teams/secrets-url-resolver.ts';
import { WebhookTeamsPoster } from '../../adapters/teams/webhook-poster.ts';
import { DEFAULT_LEASE_SECONDS, type DeliveryContext } from '../../delivery/deliver.ts';
import { createNotifyQueueHandler } from '../notify-queue.ts';
import { type NotifyEnvironment, notifyEnvironmentFrom } from './environment.ts';
import { basicsOf, deployedCalendar, type Runtime } from './runtime.ts';

/** Everything the notifier's entry point wires together. */
export interface NotifyRuntime extends Runtime<NotifyEnvironment> {
  readonly context: DeliveryContext;
}

/** The display name on every email, before the sender address. */
export const SENDER_NAME = 'Line of Sight';

/**
 * The notifier's runtime: the ledger over the table, SES (through the stack's configuration set, so
 * bounces and complaints are reported), Teams webhooks whose URLs are read from the one Secrets Manager
 * secret of them (again after 5 minutes, so a channel added needs no redeploy), the render settings,
 * and the deadlines bus, where each notice sent is announced.
 *
 * @throws {EnvironmentError} naming each missing or wrong variable.
 */
export function notifyRuntimeFrom(env: Readonly<Record<string, string | undefined>>): NotifyRuntime {
  const { client, ...basics } = basicsOf(notifyEnvironmentFrom(env));
  const {
    tableName,
    senderAddress,
    sesIdentity,
    configurationSet,
    caseLinkTemplate,
    teamsWebhooksSecret,
    deadlineEventBus,
  } = basics.environment;
  return {
    ...basics,
    context: {
      ledger: new DynamoNoticeLedger(client, tableName),
      email: new SesEmailSender(new SESv2Client({}), {
        from: `${SENDER_NAME} <${senderAddress}>`,
        configurationSet,
        identity: sesIdentity,
      }),
      teams: new WebhookTeamsPoster(
        secretsManagerUrlResolver(new SecretsManagerClient({}), teamsWebhooksSecret),
      ),
      // The deployed profile's calendar: "in 3 working days" counts over the bank holidays and a council
      // profile's closure days, as the run did.
      render: { caseLinkTemplate, calendar: deployedCalendar(basics.environment), showInitials: false },
      now: Date.now,
      leaseSeconds: DEFAULT_LEASE_SECONDS,
      deadlineEvents: new EventBridgeDeadlineEventPublisher(new EventBridgeClient({}), deadlineEventBus),
    },
  };
}

const { context, logger, handlerLogger } = notifyRuntimeFrom(process.env);

export const handler = middy(createNotifyQueueHandler(context, handlerLogger)).use(
  injectLambdaContext(logger, { logEvent: false, resetKeys: true }),
);
