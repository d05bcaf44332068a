/**
 * The rule both directory stores follow for undeliverable addresses: a bounce or complaint marks every
 * member of staff with that address, and the mark outlives a re-import while the address is the same
 * (the HR export knows nothing of bounces). A changed address is tried afresh.
 */
import type { StaffMember } from './model.ts';

/**
 * Whether two addresses are the same mailbox for marking: compared without regard to case, which mail
 * systems in practice ignore (a bounce may report the address in a different case from the import).
 */
export const sameAddress = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Whether a member of staff, as imported, is undeliverable: marked so in the import itself, or marked
 * in the entry it replaces with the same address.
 */
export function staysUndeliverable(
  incoming: StaffMember,
  previous: Pick<StaffMember, 'email' | 'undeliverable'> | undefined,
): boolean {
  return (
    incoming.undeliverable === true ||
    (previous?.undeliverable === true && sameAddress(previous.email, incoming.email))
  );
}
