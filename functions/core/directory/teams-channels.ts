/**
 * The directory's Teams channels against the webhooks secret's (`los:teamsWebhooksSecret`): which
 * channels cards would go to that have no webhook, so that `los doctor` can say so before the first
 * card is refused. Pure: the directory and the secret's channel names (never its URLs) are passed in.
 */
import type { DirectoryData } from './model.ts';

/** A channel the directory names with no usable webhook, and the teams whose cards go to it. */
export interface ChannelWithoutWebhook {
  readonly channel: string;
  /** The teams naming it as their own `teams_channel`, by id. */
  readonly teamIds: readonly string[];
}

/**
 * The directory's channels (each team's own `teams_channel`; a team without one uses its parent's, which
 * is listed under the parent) that are not among `webhookChannels`: the secret's channels whose value is
 * an https URL. By channel name.
 */
export function channelsWithoutWebhook(
  directory: Pick<DirectoryData, 'teams'>,
  webhookChannels: Iterable<string>,
): ChannelWithoutWebhook[] {
  const usable = new Set(webhookChannels);
  const missing = new Map<string, string[]>();
  for (const team of directory.teams) {
    if (team.teamsChannel === null || usable.has(team.teamsChannel)) continue;
    missing.set(team.teamsChannel, [...(missing.get(team.teamsChannel) ?? []), team.id]);
  }
  return [...missing]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([channel, teamIds]) => ({ channel, teamIds: teamIds.sort() }));
}
