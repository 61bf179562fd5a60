/** How the call screen names a participant's role, e.g. on a tile: "Maria · guest". */
import type { ParticipantRole } from "../../signaling/protocol.ts";

export const ROLE_WORDS: Record<ParticipantRole, string> = {
  pro: "professional",
  client: "client",
  guest: "guest",
};
