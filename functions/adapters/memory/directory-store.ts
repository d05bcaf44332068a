/**
 * The staff directory kept in memory: for unit tests and for trying the pipeline without a table. The
 * same contract as the DynamoDB store (staff and teams loaded in id order, undeliverable marks kept
 * across imports while the address is the same).
 */
import type { DirectoryData, StaffMember, Team } from '../../core/directory/model.ts';
import { sameAddress, staysUndeliverable } from '../../core/directory/undeliverable.ts';
import type { DirectoryStore } from '../../core/ports.ts';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** {@link DirectoryStore} in memory. */
export class MemoryDirectoryStore implements DirectoryStore {
  private staff = new Map<string, StaffMember>();
  private teams = new Map<string, Team>();

  async replace(directory: DirectoryData): Promise<{ staff: number; teams: number }> {
    const previous = this.staff;
    this.staff = new Map(
      directory.staff.map((incoming) => {
        const { undeliverable: _, ...member } = structuredClone(incoming);
        const marked = staysUndeliverable(incoming, previous.get(incoming.id));
        return [member.id, marked ? { ...member, undeliverable: true } : member];
      }),
    );
    this.teams = new Map(directory.teams.map((team) => [team.id, structuredClone(team)]));
    return { staff: directory.staff.length, teams: directory.teams.length };
  }

  async load(): Promise<DirectoryData> {
    return structuredClone({
      staff: [...this.staff.values()].sort(byId),
      teams: [...this.teams.values()].sort(byId),
    });
  }

  /** The reason is not kept: the DynamoDB store keeps it on the item for people reading the table. */
  async markUndeliverable(email: string): Promise<number> {
    let marked = 0;
    for (const member of this.staff.values()) {
      if (!sameAddress(member.email, email)) continue;
      member.undeliverable = true;
      marked += 1;
    }
    return marked;
  }
}
