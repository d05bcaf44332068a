/**
 * The benchmark's cost model: the bill is the usage times the listed prices, and a council's usage
 * grows with its events and cases while the fixed items (keys, alarms) do not.
 */
import { describe, expect, it } from 'vitest';
import {
  ALWAYS_FREE,
  councilUsage,
  type MonthlyUsage,
  monthlyCost,
  type Observed,
  PRICES,
  type Workload,
  workloadCost,
} from '../../bench/cost.ts';

const nothing: MonthlyUsage = {
  dynamoWriteUnits: 0,
  dynamoReadUnits: 0,
  dynamoStorageGb: 0,
  lambdaRequests: 0,
  lambdaGbSeconds: 0,
  emails: 0,
  sqsRequests: 0,
  eventBridgeEvents: 0,
  eventBridgeArchiveGb: 0,
  schedulerInvocations: 0,
  kmsKeys: 0,
  kmsRequests: 0,
  logsIngestedGb: 0,
  logsStoredGb: 0,
  alarms: 0,
  customMetrics: 0,
  secrets: 0,
  secretRequests: 0,
};

const observed: Observed = {
  appendWriteUnitsPerEvent: 2,
  appendReadUnitsPerEvent: 0,
  bytesPerEvent: 400,
  recomputeWriteUnits: 30,
  recomputeReadUnits: 8,
  ingestSecondsPerInvocation: 0.2,
  runReadUnitsPerCase: 0.01,
  runWriteUnitsPerCase: 1.3,
  runSecondsPerCase: 0.002,
  emailsPerCase: 0.1,
  cardsPerCase: 0.01,
  noticesPerCase: 0.45,
  storedPerCase: 17,
  occurrenceItemBytes: 1000,
};

const council = (cases: number, eventsPerYear: number): Workload => ({
  name: 'a council',
  cases,
  eventsPerYear,
  deployments: 1,
});

describe('monthlyCost', () => {
  it('costs nothing for no usage', () => {
    expect(monthlyCost(nothing).totalUsd).toBe(0);
  });

  it('prices each item at its listed rate and adds the lines up', () => {
    const bill = monthlyCost({ ...nothing, dynamoWriteUnits: 2e6, emails: 3_000, kmsKeys: 1 });
    const usd = (item: string) => bill.lines.find((line) => line.item === item)?.usd;
    expect(usd('DynamoDB writes')).toBeCloseTo(2 * PRICES.dynamoWriteUnitPerMillion);
    expect(usd('SES email')).toBeCloseTo(3 * PRICES.sesEmailPerThousand);
    expect(usd('KMS keys and requests')).toBeCloseTo(PRICES.kmsKeyMonth);
    expect(bill.totalUsd).toBeCloseTo(bill.lines.reduce((sum, line) => sum + line.usd, 0));
  });

  it("bills only what is used beyond an account's free allowances, and point-in-time recovery in full", () => {
    const usage = { ...nothing, alarms: 13, dynamoStorageGb: 2, sqsRequests: 1.5e6, emails: 1_000 };
    const bill = monthlyCost(usage, PRICES, ALWAYS_FREE);
    const usd = (item: string) => bill.lines.find((line) => line.item === item)?.usd;
    expect(usd('CloudWatch alarms and metrics')).toBeCloseTo(3 * PRICES.alarmMonth);
    expect(usd('DynamoDB storage and point-in-time recovery')).toBeCloseTo(2 * PRICES.dynamoPitrGbMonth);
    expect(usd('SQS')).toBeCloseTo(0.5 * PRICES.sqsRequestPerMillion);
    expect(usd('SES email')).toBeCloseTo(PRICES.sesEmailPerThousand);
    expect(bill.totalUsd).toBeLessThan(monthlyCost(usage).totalUsd);
  });
});

describe('councilUsage', () => {
  it('grows writes with events and emails with cases, and keeps the fixed items fixed', () => {
    const small = councilUsage(observed, council(1_000, 25_000));
    const large = councilUsage(observed, council(2_000, 50_000));
    expect(large.emails).toBeCloseTo(2 * small.emails);
    expect(large.dynamoWriteUnits).toBeCloseTo(2 * small.dynamoWriteUnits);
    expect(large.kmsKeys).toBe(small.kmsKeys);
    expect(large.alarms).toBe(small.alarms);
    // One secret holds every Teams channel's webhook, however many teams there are.
    expect(large.secrets).toBe(1);
  });

  it('counts a recompute per event: the events a month times what one costs', () => {
    const withRecomputes = councilUsage(observed, council(0, 12_000));
    const cheaper = councilUsage({ ...observed, recomputeWriteUnits: 0 }, council(0, 12_000));
    expect(withRecomputes.dynamoWriteUnits - cheaper.dynamoWriteUnits).toBeCloseTo(1_000 * 30);
  });
});

describe('workloadCost', () => {
  it('prices many deployments as that many of one', () => {
    const one = workloadCost(observed, council(4_000, 100_000));
    const many = workloadCost(observed, { ...council(4_000, 100_000), deployments: 150 });
    expect(many.perDeploymentUsd).toBeCloseTo(one.totalUsd);
    expect(many.totalUsd).toBeCloseTo(150 * one.totalUsd);
  });
});
