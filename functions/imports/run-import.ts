/**
 * An import run, the edge around the pure framework (functions/core/imports/): read the manifest,
 * plan the snapshot, write it case by case through a target (the store through ingest, the bus, a
 * file), save each case's manifest entries once its events are in, and seed the staff directory when
 * the target has one. Whole cases go together, so ingest computes each case's deadlines once per
 * import, not once per batch; a bulk write path replaces {@link ImportTarget.write} and nothing else.
 */
import type { CaseEvent, Problem } from '../../events/index.ts';
import { directoryCsv, parseDirectoryCsv } from '../core/directory/csv.ts';
import type { DirectoryData } from '../core/directory/model.ts';
import type { Profile } from '../core/engine/index.ts';
import { type Coverage, coverageOf } from '../core/imports/coverage.ts';
import type { ImportFormat, ImportProblem, SourceFile } from '../core/imports/format.ts';
import { type CaseWrite, planImport, settledEntries } from '../core/imports/reconcile.ts';
import { allocatedNotInDirectory, mergeDirectory } from '../core/imports/ssd/directory.ts';
import type { DirectoryStore, ImportManifestStore } from '../core/ports.ts';
import type { CaseProblem } from '../ingest/ingest.ts';

/** What a target made of the events it was handed. */
export interface WriteOutcome {
  /** The events it did not take, by id, with why. */
  refused: Map<string, Problem[]>;
  /** Deadlines of the cases written that their records do not let the rules work out (store targets). */
  caseProblems: CaseProblem[];
}

/** Where an import goes: the local store or a deployment's table (through ingest), the bus, a file. */
export interface ImportTarget {
  /** For messages: `the store under .data`, the bus's name, the file's. */
  readonly name: string;
  /** Where the source's manifest is kept: the store's, or a file beside the bus or the output. */
  readonly manifests: ImportManifestStore;
  /** The staff directory, for a target that has one. */
  readonly directory?: DirectoryStore;
  /** Writes the events of one or more whole cases. */
  write(events: readonly CaseEvent[]): Promise<WriteOutcome>;
}

/** What the directory came to, for a target with one and an extract that seeds it. */
export interface DirectoryReport {
  /** Whether it was replaced (with the SSD's additions), or why not. */
  outcome: 'updated' | 'unchanged' | 'no-hr-directory' | 'refused';
  teamsAdded: string[];
  parentsFilled: string[];
  staffNotInDirectory: string[];
  /** Why the directory with the additions was refused (ids only), when it was. */
  problems: string[];
}

/** What an import came to. */
export interface ImportReport {
  format: string;
  source: string;
  target: string;
  children: number;
  /** New events written (new rows, and corrected rows' new versions). */
  made: number;
  corrected: number;
  withdrawn: number;
  unchanged: number;
  /** Every problem: files, rows and cells, and events the target did not take. */
  problems: ImportProblem[];
  caseProblems: CaseProblem[];
  /** The rules the format cannot feed. */
  coverage: Coverage;
  /** Workers the extract allocates cases to who are not in the directory (store targets only). */
  allocatedNotInDirectory: string[] | null;
  directory: DirectoryReport | null;
}

/** Events handed to a target at once, whole cases only (a case larger than this goes alone). */
export const IMPORT_BATCH_EVENTS = 500;

/** What one run needs. */
export interface ImportRun {
  format: ImportFormat;
  files: readonly SourceFile[];
  /** The manifest's name and the first part of every event id: the format's name unless a council has two sources. */
  source: string;
  /** The London day of the import (`YYYY-MM-DD`). */
  today: string;
  /** The rules, for what the format cannot feed. */
  profile: Profile;
  /** Told after each batch how many of the cases to write are written. */
  progress: (done: number, total: number) => void;
}

/** Batches of whole cases, each at most {@link IMPORT_BATCH_EVENTS} events unless one case alone is more. */
function batchesOf(writes: readonly CaseWrite[]): CaseWrite[][] {
  const batches: CaseWrite[][] = [];
  let batch: CaseWrite[] = [];
  let size = 0;
  for (const write of writes) {
    if (batch.length > 0 && size + write.events.length > IMPORT_BATCH_EVENTS) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(write);
    size += write.events.length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The directory with the extract's additions, written if it changed and is whole. */
async function seedDirectory(
  store: DirectoryStore,
  seed: NonNullable<ReturnType<ImportFormat['read']>['directory']>,
) {
  const hr = await store.load();
  const merge = mergeDirectory(hr, seed);
  const base = {
    teamsAdded: merge.teamsAdded,
    parentsFilled: merge.parentsFilled,
    staffNotInDirectory: merge.staffNotInDirectory,
  };
  if (hr.staff.length === 0)
    return { directory: hr, report: { ...base, outcome: 'no-hr-directory' as const, problems: [] } };
  if (merge.teamsAdded.length === 0 && merge.parentsFilled.length === 0) {
    return { directory: hr, report: { ...base, outcome: 'unchanged' as const, problems: [] } };
  }
  // Checked as a directory file is, whole: teams' parents known, no circles.
  const checked = parseDirectoryCsv(directoryCsv(merge.directory));
  if (!checked.ok) {
    return {
      directory: hr,
      report: {
        ...base,
        outcome: 'refused' as const,
        problems: checked.problems.map((problem) => problem.message),
      },
    };
  }
  await store.replace(merge.directory);
  return { directory: merge.directory, report: { ...base, outcome: 'updated' as const, problems: [] } };
}

/** Runs an import of `run.files` into `target` (see the module's description). */
export async function runImport(run: ImportRun, target: ImportTarget): Promise<ImportReport> {
  const extract = run.format.read(run.files, run.today);
  const manifest = await target.manifests.entriesOf(run.source);
  const plan = planImport(extract, manifest, run.source);
  const problems = [...extract.problems, ...plan.problems];
  const caseProblems: CaseProblem[] = [];
  let done = 0;
  for (const batch of batchesOf(plan.writes)) {
    const outcome = await target.write(batch.flatMap((write) => write.events));
    caseProblems.push(...outcome.caseProblems);
    for (const [id, reasons] of outcome.refused) {
      const key = batch.find((write) => write.before.has(id))?.before.get(id)?.key ?? '';
      for (const reason of reasons) {
        problems.push({
          file: target.name,
          message: `event ${id} (source key ${key}) was not taken${reason.path ? `: ${reason.path}` : ''}: ${reason.message}`,
        });
      }
    }
    const refused = new Set(outcome.refused.keys());
    await target.manifests.saveCases(
      run.source,
      batch.map((write) => ({ caseId: write.caseId, entries: settledEntries(write, refused) })),
    );
    done += batch.length;
    run.progress(done, plan.writes.length);
  }
  let directory: DirectoryReport | null = null;
  let missing: string[] | null = null;
  if (target.directory) {
    const seeded = extract.directory ? await seedDirectory(target.directory, extract.directory) : null;
    directory = seeded?.report ?? null;
    const current: DirectoryData = seeded?.directory ?? (await target.directory.load());
    missing = allocatedNotInDirectory(
      extract.events.map((mapped) => mapped.event),
      current,
    );
  }
  return {
    format: run.format.name,
    source: run.source,
    target: target.name,
    children: plan.children,
    made: plan.made,
    corrected: plan.corrected,
    withdrawn: plan.withdrawn,
    unchanged: plan.unchanged,
    problems,
    caseProblems,
    coverage: coverageOf(run.profile, run.format.carries, run.format),
    allocatedNotInDirectory: missing,
    directory,
  };
}
