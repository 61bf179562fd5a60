/**
 * A socket connected here whose call another instance holds: its frames go to that instance and
 * what that instance sends or closes comes back to it (LiveKit's signal relay, over Redis).
 */
import type { Connection, HubSession, Participant } from "../hub_socket.ts";
import type { Wire } from "./wire.ts";

/** Sends `msg` to instance `to`; false when it could not be sent. */
export type Send = (to: string, msg: Wire) => boolean;

/** The transport's session of a forwarded socket. */
export class ForwardedSocket implements HubSession {
  #gone = false;

  constructor(
    readonly sid: string,
    /** The instance holding the call. */
    readonly holder: string,
    readonly conn: Connection,
    readonly participant: Participant,
    readonly send: Send,
    readonly forget: (s: ForwardedSocket) => void,
  ) {}

  receive(text: string): void {
    if (!this.#gone) this.send(this.holder, { k: "in", sid: this.sid, text });
  }

  receiveBinary(): void {
    if (!this.#gone) this.send(this.holder, { k: "binary", sid: this.sid });
  }

  receiveTooBig(): void {
    if (!this.#gone) this.send(this.holder, { k: "too_big", sid: this.sid });
  }

  closed(): void {
    if (this.#gone) return;
    this.#gone = true;
    this.forget(this);
    this.send(this.holder, { k: "gone", sid: this.sid });
  }

  /** Closes the socket from here (drain, holder lost): the holder hears it went. */
  drop(code: number, reason: string): void {
    this.conn.close(code, reason);
    this.closed();
  }

  /** The holder closed it: the holder knows, so nothing goes back. */
  closedByHolder(code: number, reason: string): void {
    if (this.#gone) return;
    this.#gone = true;
    this.forget(this);
    this.conn.close(code, reason);
  }
}
