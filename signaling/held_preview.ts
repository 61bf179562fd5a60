/**
 * What the professional's standby sockets are shown of the room ahead of "Join call" (protocol
 * `held`): the offers and candidates held for the professional, as `join` would deliver them.
 * With them the professional's page answers the moment they click, instead of waiting for its
 * seat, the welcome and those messages to come back (a round trip through the server, behind the
 * click's own work on the page's main thread). Nothing is taken: `join` delivers it all as usual.
 * The held frames are already encoded, so they go in as they are.
 */
import type { Room } from "./room.ts";
import type { Socket } from "./hub_socket.ts";

/**
 * Sends `room`'s `held` frame to those of `sockets` that stand by (encoded once); with
 * `unlessEmpty` (a socket just admitted, shown nothing before), not when nothing is held.
 */
export function showHeld(room: Room<Socket>, sockets: Iterable<Socket>, unlessEmpty = false): void {
  let frame: string | undefined;
  for (const s of sockets) {
    if (!s.standing || !s.open) continue;
    if (frame === undefined) {
      const held = room.peekFor("pro");
      if (unlessEmpty && held.length === 0) return;
      frame = `{"type":"held","messages":[${held.join(",")}]}`;
    }
    s.send(frame);
  }
}
