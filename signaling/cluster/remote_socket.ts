/**
 * A socket connected to another instance whose call this instance holds: the local hub sees it as
 * any {@linkcode Connection}; what the hub sends or closes goes back over Redis. Frames that
 * arrive while the hub is still admitting it wait, in order, as the transport's do.
 */
import type { Connection, HubSession, Participant } from "../hub_socket.ts";
import type { SignalingHub } from "../hub_api.ts";
import { CloseCode, CloseReason } from "../protocol.ts";
import type { Send } from "./forwarded_socket.ts";

/** Frames held before the hub has admitted the socket (the transport allows as many). */
const MAX_EARLY = 64;

/** The local side of a socket forwarded here. */
export class RemoteSocket {
  #session: HubSession | null = null;
  #early: ((s: HubSession) => void)[] = [];
  #gone = false;

  constructor(
    readonly sid: string,
    /** The instance the socket is connected to. */
    readonly via: string,
    readonly participant: Participant,
    readonly send: Send,
    readonly forget: (s: RemoteSocket) => void,
  ) {}

  /** Hands the socket to `hub` once `ready` (what the room needs is loaded). */
  start(hub: SignalingHub, version: number | null, ready: Promise<void>): void {
    const conn: Connection = {
      send: (text) => {
        if (!this.#gone) this.send(this.via, { k: "out", sid: this.sid, text });
      },
      close: (code, reason) => {
        if (this.#gone) return;
        this.send(this.via, { k: "close", sid: this.sid, code, reason });
        // The hub closing a socket goes on to give up its seat as it sees fit (a `leave`, a
        // revoke: at once); told "closed" within that call, it would keep the seat instead. A
        // transport's close event comes later too.
        this.#end(true);
      },
    };
    ready.then(() => hub.connect(conn, this.participant, version)).then((session) => {
      this.#session = session;
      for (const hand of this.#early.splice(0)) hand(session);
      if (this.#gone) session.closed();
    }, () => conn.close(CloseCode.INTERNAL_ERROR, CloseReason.INTERNAL));
  }

  receive(text: string): void {
    this.#arrive((s) => s.receive(text));
  }

  receiveBinary(): void {
    this.#arrive((s) => s.receiveBinary());
  }

  receiveTooBig(): void {
    this.#arrive((s) => s.receiveTooBig());
  }

  /** The socket closed at the other instance, or that instance is gone. */
  closed(): void {
    this.#end();
  }

  /** Closes it from here (drain, claim lost): the other instance closes the socket. */
  drop(code: number, reason: string): void {
    if (this.#gone) return;
    this.send(this.via, { k: "close", sid: this.sid, code, reason });
    this.#end();
  }

  #arrive(hand: (s: HubSession) => void): void {
    if (this.#gone) return;
    if (this.#session) return hand(this.#session);
    // As the transport does: more before admission is a flood.
    if (this.#early.length >= MAX_EARLY) return this.drop(CloseCode.POLICY, CloseReason.RATE_LIMIT);
    this.#early.push(hand);
  }

  #end(later = false): void {
    if (this.#gone) return;
    this.#gone = true;
    this.forget(this);
    const session = this.#session;
    if (!session) return;
    if (later) queueMicrotask(() => session.closed());
    else session.closed();
  }
}
