/**
 * The stateless stack: the code and plumbing of ingest, the scheduled runs and the notifier, which hold
 * no data of their own and can be redeployed or destroyed freely. It takes the key, the table and the
 * buses from the stateful stack ({@link StatefulResources}) and adds nothing to them: every permission is
 * on this stack's roles, queue and topic policies, never on the stateful key's policy, so the stateful
 * stack never depends on this one. (The key's statements for the topics' publishers are the stateful
 * stack's own, from the topic names in `infra/topics.ts`.)
 *
 * Two ways in, the bus and HTTPS, to one ingest code path; one way out, the scheduled runs putting each
 * email or Teams card on the notices queue for the notifier, and the run and the notifier putting
 * their deadline events on the deadlines bus; SES reporting bounces and complaints back;
 * and every alarm on the alarms topic; and, when its settings are set, the board behind sign-in with the
 * council's Entra ID. Each is a section in `infra/stateless/`, and what every function shares is
 * `infra/stateless/function-defaults.ts`.
 */
import { type CfnElement, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Settings } from './settings.ts';
import type { StatefulResources } from './stateful-stack.ts';
import { Alarms } from './stateless/alarms.ts';
import { Board } from './stateless/board.ts';
import { DirectoryLoader } from './stateless/directory-loader.ts';
import { ImportLoader } from './stateless/import-loader.ts';
import { Ingest } from './stateless/ingest.ts';
import { Notifier } from './stateless/notifier.ts';
import { ScheduledRuns } from './stateless/scheduled-runs.ts';
import { SesFeedback } from './stateless/ses-feedback.ts';
import { withoutSections } from './stateless/stack-section.ts';

/** Properties of {@link StatelessStack}. */
export interface StatelessStackProps extends StackProps {
  readonly settings: Settings;
  readonly stateful: StatefulResources;
}

/** Ingest, the scheduled runs, the notifier, SES feedback and the alarms of one environment. */
export class StatelessStack extends Stack {
  /** The ingest queue and its dead-letter queue, the two ingest functions, the bus rule, the HTTPS endpoint. */
  readonly ingest: Ingest;
  /** The SES configuration set, the SES-events topic and the function that reads it. */
  readonly sesFeedback: SesFeedback;
  /** The notices queue and the function that sends what is on it. */
  readonly notifier: Notifier;
  /** The schedule-run function, its schedules and their role. */
  readonly scheduledRuns: ScheduledRuns;
  /** The function that loads a staff directory file dropped into the import bucket, and its rule. */
  readonly directoryLoader: DirectoryLoader;
  /** The function that imports an extract dropped into the import bucket under imports/, and its rule. */
  readonly importLoader: ImportLoader;
  /** The alarms and their topic. */
  readonly alarms: Alarms;
  /** The board behind Entra sign-in, when its settings are set (`los:board…`); null otherwise. */
  readonly board: Board | null;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, stateful } = props;
    Tags.of(this).add('Project', 'line-of-sight');
    Tags.of(this).add('Environment', settings.environmentName);

    this.ingest = new Ingest(this, 'Ingest', { settings, stateful });
    this.sesFeedback = new SesFeedback(this, 'SesFeedback', { settings, stateful });
    this.notifier = new Notifier(this, 'Notifier', {
      settings,
      stateful,
      configurationSet: this.sesFeedback.configurationSet,
    });
    this.scheduledRuns = new ScheduledRuns(this, 'ScheduledRuns', {
      settings,
      stateful,
      noticeQueue: this.notifier.queue,
    });
    this.directoryLoader = new DirectoryLoader(this, 'DirectoryLoader', { settings, stateful });
    this.importLoader = new ImportLoader(this, 'ImportLoader', { settings, stateful });
    this.alarms = new Alarms(this, 'Alarms', {
      settings,
      stateful,
      directoryLoader: this.directoryLoader,
      importLoader: this.importLoader,
      ingest: this.ingest,
      scheduledRuns: this.scheduledRuns,
      notifier: this.notifier,
      sesFeedback: this.sesFeedback,
    });
    this.board = settings.board && new Board(this, 'Board', { settings, stateful, board: settings.board });
  }

  /**
   * Logical ids as they were before the stack had sections, so that a deployed stack updates in place:
   * see `infra/stateless/stack-section.ts`.
   */
  protected override allocateLogicalId(element: CfnElement): string {
    return super.allocateLogicalId(withoutSections(element));
  }
}
