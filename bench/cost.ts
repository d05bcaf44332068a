/**
 * The cost model: what a deployment asks of AWS in a month, priced. The request counts come from the
 * benchmark (DynamoDB capacity per event stored, per recompute and per morning run; emails, cards and
 * notices per morning), the rest from the stacks (`infra/`) and the stated assumptions below, and the
 * prices are data. `monthlyCost` is a pure function of usage and prices; `councilUsage` of what was
 * observed, a council's size and the assumptions.
 */

/**
 * AWS list prices for eu-west-2 (London), in US dollars, as understood on 2026-11-23: check before
 * relying. On-demand, ARM Lambda, standard queues and log class; free tiers are left out.
 */
export const PRICES = {
  asOf: '2026-11-23',
  region: 'eu-west-2',
  dynamoWriteUnitPerMillion: 0.7423,
  dynamoReadUnitPerMillion: 0.1485,
  dynamoStorageGbMonth: 0.29,
  dynamoPitrGbMonth: 0.232,
  lambdaGbSecond: 0.0000133334,
  lambdaRequestPerMillion: 0.2,
  sesEmailPerThousand: 0.1,
  sqsRequestPerMillion: 0.4,
  eventBridgeEventPerMillion: 1,
  eventBridgeArchiveGb: 0.1,
  schedulerInvocationPerMillion: 1,
  kmsKeyMonth: 1,
  kmsRequestPerTenThousand: 0.03,
  logsIngestedGb: 0.5985,
  logsStoredGbMonth: 0.0315,
  alarmMonth: 0.1,
  customMetricMonth: 0.3,
  secretMonth: 0.4,
  secretRequestPerTenThousand: 0.05,
} as const;

export type Prices = typeof PRICES;

/** What a deployment uses in a month, in the units AWS bills. */
export interface MonthlyUsage {
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  dynamoStorageGb: number;
  lambdaRequests: number;
  lambdaGbSeconds: number;
  emails: number;
  sqsRequests: number;
  eventBridgeEvents: number;
  eventBridgeArchiveGb: number;
  schedulerInvocations: number;
  kmsKeys: number;
  kmsRequests: number;
  logsIngestedGb: number;
  logsStoredGb: number;
  alarms: number;
  customMetrics: number;
  secrets: number;
  secretRequests: number;
}

/** One line of the bill. */
export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface MonthlyCost {
  lines: CostLine[];
  totalUsd: number;
}

/**
 * What AWS gives every account each month without charge, for good ("always free", not the first
 * year's offers), as understood on the date of {@link PRICES}: check before relying. Only the items
 * the model prices; SES, Secrets Manager, point-in-time recovery and EventBridge events have none.
 */
export const ALWAYS_FREE: Partial<MonthlyUsage> = {
  dynamoStorageGb: 25,
  lambdaRequests: 1e6,
  lambdaGbSeconds: 400_000,
  sqsRequests: 1e6,
  schedulerInvocations: 14e6,
  kmsRequests: 20_000,
  logsIngestedGb: 5,
  logsStoredGb: 5,
  alarms: 10,
  customMetrics: 10,
};

/**
 * The monthly bill for `usage` at `prices`, line by line, after `free` (nothing by default; pass
 * {@link ALWAYS_FREE} for a deployment with an AWS account of its own).
 */
export function monthlyCost(
  usage: MonthlyUsage,
  prices: Prices = PRICES,
  free: Partial<MonthlyUsage> = {},
): MonthlyCost {
  /** The quantity billed: what is used beyond the allowance. */
  const billed = (key: keyof MonthlyUsage) => Math.max(0, usage[key] - (free[key] ?? 0));
  const line = (item: string, quantity: number, unit: string, usd: number): CostLine => ({
    item,
    quantity,
    unit,
    usd,
  });
  const lines = [
    line(
      'DynamoDB writes',
      usage.dynamoWriteUnits,
      'write units',
      (billed('dynamoWriteUnits') / 1e6) * prices.dynamoWriteUnitPerMillion,
    ),
    line(
      'DynamoDB reads',
      usage.dynamoReadUnits,
      'read units',
      (billed('dynamoReadUnits') / 1e6) * prices.dynamoReadUnitPerMillion,
    ),
    line(
      'DynamoDB storage and point-in-time recovery',
      usage.dynamoStorageGb,
      'GB',
      billed('dynamoStorageGb') * prices.dynamoStorageGbMonth +
        usage.dynamoStorageGb * prices.dynamoPitrGbMonth,
    ),
    line(
      'Lambda requests',
      usage.lambdaRequests,
      'invocations',
      (billed('lambdaRequests') / 1e6) * prices.lambdaRequestPerMillion,
    ),
    line(
      'Lambda compute',
      usage.lambdaGbSeconds,
      'GB-seconds',
      billed('lambdaGbSeconds') * prices.lambdaGbSecond,
    ),
    line('SES email', usage.emails, 'emails', (billed('emails') / 1000) * prices.sesEmailPerThousand),
    line('SQS', usage.sqsRequests, 'requests', (billed('sqsRequests') / 1e6) * prices.sqsRequestPerMillion),
    line(
      'EventBridge events and archive',
      usage.eventBridgeEvents,
      'events',
      (billed('eventBridgeEvents') / 1e6) * prices.eventBridgeEventPerMillion +
        billed('eventBridgeArchiveGb') * prices.eventBridgeArchiveGb,
    ),
    line(
      'EventBridge Scheduler',
      usage.schedulerInvocations,
      'invocations',
      (billed('schedulerInvocations') / 1e6) * prices.schedulerInvocationPerMillion,
    ),
    line(
      'KMS keys and requests',
      usage.kmsKeys,
      'keys',
      billed('kmsKeys') * prices.kmsKeyMonth +
        (billed('kmsRequests') / 1e4) * prices.kmsRequestPerTenThousand,
    ),
    line(
      'CloudWatch logs',
      usage.logsIngestedGb,
      'GB ingested',
      billed('logsIngestedGb') * prices.logsIngestedGb + billed('logsStoredGb') * prices.logsStoredGbMonth,
    ),
    line(
      'CloudWatch alarms and metrics',
      usage.alarms,
      'alarms',
      billed('alarms') * prices.alarmMonth + billed('customMetrics') * prices.customMetricMonth,
    ),
    line(
      'Secrets Manager (Teams webhooks)',
      usage.secrets,
      'secrets',
      billed('secrets') * prices.secretMonth +
        (billed('secretRequests') / 1e4) * prices.secretRequestPerTenThousand,
    ),
  ];
  return { lines, totalUsd: lines.reduce((sum, entry) => sum + entry.usd, 0) };
}

/** What the benchmark measured, per unit of work. */
export interface Observed {
  /** Storing one event: its id claim and the event item. */
  appendWriteUnitsPerEvent: number;
  appendReadUnitsPerEvent: number;
  bytesPerEvent: number;
  /** Recomputing one case: reading its events, rewriting its stored occurrences and their index entries. */
  recomputeWriteUnits: number;
  recomputeReadUnits: number;
  /**
   * Wall time of an ingest batch on dynalite: an upper bound on an invocation's duration, which in
   * production carries one or two events.
   */
  ingestSecondsPerInvocation: number;
  /**
   * A morning run once the backlog is out (the mean of the working mornings after the first), per case
   * of the council it ran over.
   */
  runReadUnitsPerCase: number;
  runWriteUnitsPerCase: number;
  runSecondsPerCase: number;
  emailsPerCase: number;
  cardsPerCase: number;
  noticesPerCase: number;
  /** Occurrences stored per case (open and recently closed), and the size of one. */
  storedPerCase: number;
  occurrenceItemBytes: number;
}

/** A council, or any deployment, by its size. */
export interface Workload {
  name: string;
  cases: number;
  eventsPerYear: number;
  /** Deployments of this size priced together (150 councils: 150). */
  deployments: number;
}

/** What is not measured: from the stacks in `infra/`, or assumed. Change them here. */
export const ASSUMPTIONS = {
  workingDaysPerMonth: 21,
  hourlyRunsPerMonth: 730,
  weeksPerMonth: 4.35,
  /** Case systems send events as they happen: each ingest batch recomputes its case for one event. */
  recomputesPerEvent: 1,
  /** Events arrive one or two at a time, so an ingest invocation takes one. */
  ingestInvocationsPerEvent: 1,
  /** Every function has 1,024 MB (the stacks' default) but the SES events one, which is rare. */
  lambdaGb: 1,
  hourlyRunSeconds: 1,
  weeklyRunSeconds: 60,
  notifySecondsPerMessage: 0.3,
  /** The notifier reads messages 5 at a time. */
  messagesPerNotifyInvocation: 5,
  /** Each notice line is claimed, then marked sent: two writes of a small item. */
  ledgerWriteUnitsPerNotice: 2,
  ledgerItemBytes: 400,
  /** Weekly summaries per case a week (`los demo --weekly`, 2,000 cases: 31). */
  weeklySummariesPerCase: 31 / 2000,
  /** One secret holds every Teams channel's webhook URL (`los:teamsWebhooksSecret`, a JSON map). */
  teamsWebhookSecrets: 1,
  /** Events kept: the synthetic histories hold three years. */
  eventHistoryYears: 3,
  /** SendMessage from the bus, a share of a ReceiveMessage and a DeleteMessage, per event and message. */
  sqsRequestsPerEvent: 3,
  sqsRequestsPerMessage: 1,
  /** Lambda's pollers long-poll each of the two consumed queues (about 5 pollers, 3 requests a minute). */
  sqsIdleRequests: 2 * 5 * 3 * 60 * 730,
  /** The data key: the table, the bus, the archive and the two topics (`infra/topics.ts`). */
  kmsKeys: 1,
  /** DynamoDB and SNS keep data keys for minutes: at most one KMS request per invocation. */
  kmsRequestsPerInvocation: 1,
  /** START, END and REPORT lines and one JSON log line per invocation; kept 90 days. */
  logBytesPerInvocation: 1_500,
  logRetentionMonths: 3,
  /**
   * As `infra/stateless/alarms.ts` raises them, and the metrics its log filters publish (directory
   * gaps, cases awaiting a recompute, a late weekly summary, rejected events, case problems, sends
   * refused as misconfigured, deadline events not published, directory files refused, extracts
   * refused).
   */
  alarms: 20,
  customMetrics: 9,
  /** A notifier container reads the secret at most every few minutes: bounded by one per invocation. */
  secretRequestsPerNotifyInvocation: 1,
} as const;

export type Assumptions = typeof ASSUMPTIONS;

const GB = 1024 ** 3;

/** One deployment's monthly usage for a council of `workload`'s size. */
export function councilUsage(
  observed: Observed,
  workload: Workload,
  assumptions: Assumptions = ASSUMPTIONS,
): MonthlyUsage {
  const a = assumptions;
  const { cases } = workload;
  const events = workload.eventsPerYear / 12;
  const recomputes = events * a.recomputesPerEvent;
  const mornings = a.workingDaysPerMonth;
  const notices = observed.noticesPerCase * cases * mornings;
  const messages = (observed.emailsPerCase + observed.cardsPerCase) * cases * mornings;
  const weeklySummaries = a.weeklySummariesPerCase * cases * a.weeksPerMonth;
  const emails = observed.emailsPerCase * cases * mornings + weeklySummaries;

  const eventBytes = workload.eventsPerYear * a.eventHistoryYears * observed.bytesPerEvent;
  const occurrenceBytes = cases * observed.storedPerCase * observed.occurrenceItemBytes;
  const ledgerBytes = notices * 12 * a.ledgerItemBytes;
  const tableBytes = eventBytes + occurrenceBytes + ledgerBytes;

  const ingestInvocations = events * a.ingestInvocationsPerEvent;
  const runInvocations = mornings + a.hourlyRunsPerMonth + a.weeksPerMonth;
  const notifyInvocations = (messages + weeklySummaries) / a.messagesPerNotifyInvocation;
  const invocations = ingestInvocations + runInvocations + notifyInvocations;
  const gbSeconds =
    a.lambdaGb *
    (ingestInvocations * observed.ingestSecondsPerInvocation +
      mornings * observed.runSecondsPerCase * cases +
      a.hourlyRunsPerMonth * a.hourlyRunSeconds +
      a.weeksPerMonth * a.weeklyRunSeconds +
      (messages + weeklySummaries) * a.notifySecondsPerMessage);
  const logsIngestedGb = (invocations * a.logBytesPerInvocation) / GB;

  return {
    dynamoWriteUnits:
      events * observed.appendWriteUnitsPerEvent +
      recomputes * observed.recomputeWriteUnits +
      mornings * observed.runWriteUnitsPerCase * cases +
      notices * a.ledgerWriteUnitsPerNotice,
    dynamoReadUnits:
      events * observed.appendReadUnitsPerEvent +
      recomputes * observed.recomputeReadUnits +
      mornings * observed.runReadUnitsPerCase * cases +
      // The weekly summary scans the table (eventually consistent: half a unit per 4 KB).
      (a.weeksPerMonth * tableBytes) / 4096 / 2,
    dynamoStorageGb: tableBytes / GB,
    lambdaRequests: invocations,
    lambdaGbSeconds: gbSeconds,
    emails,
    sqsRequests:
      events * a.sqsRequestsPerEvent +
      (messages + weeklySummaries) * a.sqsRequestsPerMessage +
      a.sqsIdleRequests,
    eventBridgeEvents: events,
    eventBridgeArchiveGb: (events * observed.bytesPerEvent) / GB,
    schedulerInvocations: runInvocations,
    kmsKeys: a.kmsKeys,
    kmsRequests: invocations * a.kmsRequestsPerInvocation,
    logsIngestedGb,
    logsStoredGb: logsIngestedGb * a.logRetentionMonths,
    alarms: a.alarms,
    customMetrics: a.customMetrics,
    secrets: a.teamsWebhookSecrets,
    secretRequests: notifyInvocations * a.secretRequestsPerNotifyInvocation,
  };
}

/**
 * A workload's monthly bill: one deployment's, times the deployments priced together; and the same
 * with each deployment in an AWS account of its own, after {@link ALWAYS_FREE}.
 */
export function workloadCost(
  observed: Observed,
  workload: Workload,
  prices: Prices = PRICES,
  assumptions: Assumptions = ASSUMPTIONS,
): MonthlyCost & { workload: Workload; perDeploymentUsd: number; afterFreeUsd: number } {
  const usage = councilUsage(observed, workload, assumptions);
  const one = monthlyCost(usage, prices);
  const times = (line: CostLine): CostLine => ({
    ...line,
    quantity: line.quantity * workload.deployments,
    usd: line.usd * workload.deployments,
  });
  return {
    workload,
    lines: one.lines.map(times),
    totalUsd: one.totalUsd * workload.deployments,
    perDeploymentUsd: one.totalUsd,
    afterFreeUsd: monthlyCost(usage, prices, ALWAYS_FREE).totalUsd * workload.deployments,
  };
}

/**
 * The workloads the issue asks about: the largest council, and 150 councils (England's), each with a
 * deployment of its own or, were one deployment to serve them all, sharing one. England's children's
 * services hold roughly 600,000 open cases between them (4,000 a council), at the largest council's
 * 25 events a case a year.
 */
export const WORKLOADS: readonly Workload[] = [
  { name: 'largest council', cases: 20_000, eventsPerYear: 500_000, deployments: 1 },
  { name: '150 councils, a deployment each', cases: 4_000, eventsPerYear: 100_000, deployments: 150 },
  { name: '150 councils, one shared deployment', cases: 600_000, eventsPerYear: 15_000_000, deployments: 1 },
];
