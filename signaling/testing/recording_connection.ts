/** A {@linkcode Connection} that records what the hub sends, for hub tests. */

import type { Connection } from "../hub.ts";
import type { ServerMessage } from "../protocol.ts";

/** Records frames and the close; `closeCode` stays undefined while open. */
export class RecordingConnection implements Connection {
  readonly frames: string[] = [];
  closeCode: number | undefined;
  closeReason: string | undefined;

  send(text: string): void {
    if (this.closeCode !== undefined) throw new Error("send after close");
    this.frames.push(text);
  }

  close(code: number, reason: string): void {
    if (this.closeCode !== undefined) return;
    this.closeCode = code;
    this.closeReason = reason;
  }

  /** Frames sent so far, parsed. */
  get messages(): ServerMessage[] {
    return this.frames.map((f) => JSON.parse(f));
  }

  /** Parsed frames of one type. */
  ofType<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  /**
   * Returns and forgets the frames received so far, parsed, without the `roster` updates (which
   * follow every arrival, departure and media change; see {@linkcode rosters}), so a test of the
   * relay reads what was relayed.
   */
  drain(): ServerMessage[] {
    const out = this.messages.filter((m) => m.type !== "roster");
    this.frames.length = 0;
    return out;
  }

  /** The participants of each `roster` received so far (not forgotten by drain until then). */
  rosters(): Extract<ServerMessage, { type: "roster" }>["participants"][] {
    return this.ofType("roster").map((m) => m.participants);
  }
}
