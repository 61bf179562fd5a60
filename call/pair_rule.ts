/**
 * Who is polite, and who offers first, between two participants of a call. Both ends compute it
 * from the same two facts, so they always agree without asking each other: in every pair exactly
 * one end is polite (it yields when both offer at once, per W3C perfect negotiation) and that
 * end makes the first offer.
 */

/** One end of a pair, as both ends know it. */
export interface CallParticipant {
  /** Unique within the call. */
  id: string;
  role: "client" | "pro" | "guest";
}

/** How this end behaves toward one remote participant. */
export interface PairRoles {
  /** Yields to the other end's offer when both offer at once. */
  polite: boolean;
  /** Offers as soon as it has a connection (the other end waits for that offer). */
  offersFirst: boolean;
}

/** Who yields to whom: a guest to everyone, the client to the professional. */
const RANK: Record<CallParticipant["role"], number> = { guest: 0, client: 1, pro: 2 };

/**
 * The fixed rule: of two roles, the lower ranked (guest < client < professional) is polite and
 * offers first, so the professional always answers (the server holds an offer to them until they
 * are there, see README "How a call works"); between two of the same role (two guests), the end
 * with the smaller id is polite.
 */
export function pairRoles(local: CallParticipant, remote: CallParticipant): PairRoles {
  if (local.id === remote.id) throw new Error(`one participant on both ends: ${local.id}`);
  const polite = local.role !== remote.role
    ? RANK[local.role] < RANK[remote.role]
    : local.id < remote.id;
  return { polite, offersFirst: polite };
}
