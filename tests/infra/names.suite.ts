/**
 * The names `los doctor` finds a deployment's resources by (`infra/names.ts`) are those the stacks give
 * them: every function, dead-letter queue, schedule, topic and alarm of the stateless stack, and the
 * table of the stateful one, from the environment's name alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type DeploymentNames, deploymentNames, environmentOfTable } from '../../infra/names.ts';
import { all } from './stateless/template.ts';
import { lineOfSight, SYNTHESIS_TIMEOUT } from './synth.ts';

let names: DeploymentNames;

beforeAll(() => {
  names = deploymentNames(lineOfSight().settings.environmentName);
}, SYNTHESIS_TIMEOUT);

/** The values of `property` on every resource of `type` in the stateless template, sorted. */
const namesOf = (type: string, property: string) =>
  Object.values(all(type))
    .map((resource) => resource.Properties[property])
    .sort();

describe('the names los doctor looks a deployment up by', () => {
  it('are the stacks’ own: functions, schedules, topics, alarms, the table and the case-event bus', () => {
    expect(namesOf('AWS::Lambda::Function', 'FunctionName')).toEqual(Object.values(names.functions).sort());
    expect(namesOf('AWS::Scheduler::Schedule', 'Name')).toEqual(Object.values(names.schedules).sort());
    expect(namesOf('AWS::SNS::Topic', 'TopicName')).toEqual(Object.values(names.topics).sort());
    expect(namesOf('AWS::CloudWatch::Alarm', 'AlarmName')).toEqual([...names.alarms].sort());
    expect(
      Object.values(lineOfSight().templates.stateful.findResources('AWS::DynamoDB::Table')).map(
        (table) => table.Properties.TableName,
      ),
    ).toEqual([names.table]);
    expect(
      Object.values(lineOfSight().templates.stateful.findResources('AWS::Events::EventBus')).map(
        (bus) => bus.Properties.Name,
      ),
    ).toContain(names.caseEventBus);
  });

  it('include every dead-letter queue', () => {
    const queues = namesOf('AWS::SQS::Queue', 'QueueName');
    expect(queues.filter((queue) => String(queue).endsWith('-dlq'))).toEqual(
      Object.values(names.deadLetterQueues).sort(),
    );
  });

  it('start from the table’s name, which names the environment', () => {
    expect(environmentOfTable(names.table)).toBe(names.environment);
    expect(environmentOfTable('line-of-sight-prod')).toBe('prod');
    for (const other of ['line-of-sight-', 'line-of-sight-Prod', 'other-table', 'line-of-sight-a']) {
      expect(environmentOfTable(other)).toBeNull();
    }
  });
});
