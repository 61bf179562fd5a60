/** How the call screen names a participant's role, e.g. on a tile: "Maria · guest". */
import type { ParticipantRole } from "../../signaling/protocol.ts";
import { w } from "./words.ts";

/** The role's word in the page's language. */
export function roleWord(role: ParticipantRole): string {
  return w(role === "pro" ? "role.pro" : role === "client" ? "role.client" : "role.guest");
}
