/**
 * The `$default` stage every HTTP API of the stack has: deployed automatically, throttled, and logging
 * each request to a log group of its own (kept as long as function logs), never a body or a header.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type HttpApi,
  type HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LOG_RETENTION } from './function-defaults.ts';

/** How a stage is made: its construct ids, its throttle, and what its log lines add (such as the caller). */
export interface LoggedStageOptions {
  /** The construct id of the stage. */
  readonly stageId: string;
  /** The construct id of its access log group. */
  readonly logsId: string;
  readonly throttle: ThrottleSettings;
  /** Fields of each access log line after the request's id and time, as `$context` variables. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** The API's `$default` stage, with access logs that say who called what and what happened. */
export function loggedDefaultStage(scope: Construct, api: HttpApi, options: LoggedStageOptions): HttpStage {
  const accessLogs = new LogGroup(scope, options.logsId, {
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return api.addStage(options.stageId, {
    stageName: '$default',
    autoDeploy: true,
    throttle: options.throttle,
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      // Never the body.
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          requestTime: '$context.requestTime',
          ...options.fields,
          sourceIp: '$context.identity.sourceIp',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          integrationStatus: '$context.integrationStatus',
          integrationError: '$context.integrationErrorMessage',
          latency: '$context.responseLatency',
        }),
      ),
    },
  });
}
