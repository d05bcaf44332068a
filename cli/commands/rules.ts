/**
 * `los rules`: the catalogue of a profile, and `los rules check` for the catalogue itself or a council's
 * profile file.
 */
import type { Command } from 'commander';
import type { Rule } from '../../functions/core/engine/index.ts';
import { readableCitations } from '../../functions/core/rules/citations.ts';
import { describeEscalation, describeOwner, describeTimescale } from '../../functions/core/rules/describe.ts';
import { checkCatalogue, checkProfile } from '../../functions/core/rules/load.ts';
import { profileVersion } from '../../functions/rule-profile.ts';
import { EXIT } from '../errors.ts';
import { parseJsonText, readFileBytes, readTextFile, resolveProfile } from '../options.ts';

/** One rule in the published listing shape. */
function ruleJson(rule: Rule) {
  const { definition } = rule;
  return {
    id: rule.id,
    title: rule.title,
    action: rule.action,
    statement: rule.statement,
    category: rule.category,
    kind: rule.kind,
    timescale: describeTimescale(definition),
    intervals: definition.intervals,
    reminders: rule.reminders,
    escalation: rule.escalation,
    owner: rule.owner,
    source: definition.source,
    ...(definition.statutory && { statutory: definition.statutory }),
    ...(definition.variation && { variation: definition.variation }),
    ...(definition.conflicts && { conflicts: definition.conflicts }),
  };
}

const ruleText = (rule: Rule) =>
  [
    `${rule.id}  [${rule.category}]  ${rule.title}`,
    `    ${rule.statement}`,
    `    What to do: ${rule.action}`,
    `    Timescale: ${describeTimescale(rule.definition)}`,
    `    Who must act: ${describeOwner(rule.owner, rule.item?.assignee ?? null)}`,
    `    Who is told: ${describeEscalation(rule.escalation)}`,
    `    Source: ${rule.definition.source.map((s) => `${s.document} "${s.section}" ${s.ref}`).join('; ')}`,
    `    Cited as: ${readableCitations(rule.source).join('; ')}`,
  ].join('\n');

/** Adds the `rules` command and `rules check`. */
export function registerRules(
  program: Command,
  io: { print: (text: string) => void; warn: (text: string) => void; setExitCode: (code: number) => void },
) {
  const rules = program
    .command('rules')
    .description('list the rules of a profile')
    .option('--profile <name>', 'default, statutory, or a council profile .json', 'default')
    .option('--json', 'print JSON: { profile, description, rules: [...] }')
    .action((options: { profile: string; json?: boolean }) => {
      const profile = resolveProfile(options.profile);
      if (options.json) {
        const listing = {
          profile: profile.name,
          description: profile.description,
          rules: profile.rules.map(ruleJson),
        };
        io.print(JSON.stringify(listing, null, 2));
        return;
      }
      io.print(
        [`Profile ${profile.name}: ${profile.description}`, ...profile.rules.map(ruleText)].join('\n\n'),
      );
    });

  rules
    .command('check')
    .description(
      'check a council profile file (its shape, closure days, and any override laxer than the national floor), or without one the catalogue (every reference, and each rule against the national floor)',
    )
    .argument('[profile-file]', 'the council profile .json; the catalogue in rules/catalogue when left out')
    .action((file: string | undefined) => {
      const what = file ?? 'rules/catalogue';
      const problems =
        file === undefined ? checkCatalogue() : checkProfile(parseJsonText(file, readTextFile(file)));
      if (problems.length === 0) {
        // A file's version is what the deployed functions show (RULE_PROFILE_VERSION, the runs' lines).
        const version = file === undefined ? '' : ` Version ${profileVersion(readFileBytes(file))}.`;
        io.print(`${what}: no problems found.${version}`);
        return;
      }
      io.warn(`${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
      for (const problem of problems) io.warn(`  ${problem.path || '(profile)'}: ${problem.message}`);
      io.setExitCode(EXIT.usage);
    });
}
