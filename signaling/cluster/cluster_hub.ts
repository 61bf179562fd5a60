/**
 * Signaling across instances (`REDIS_URL`), as a layer in front of the in-memory {@linkcode Hub}.
 *
 * Each professional's calls and dashboards are held by one instance at a time (LiveKit keeps each
 * room on one node the same way): the owner named in Redis ({@linkcode Ownership}). A socket
 * reaching the owner goes to its hub as today; one reaching another instance is forwarded there
 * over Redis pub/sub ({@linkcode ForwardedSocket} here, {@linkcode RemoteSocket} at the owner),
 * frame by frame and in order. So every rule of the hub (seats, held messages, knocks, live
 * status) stays where it is, unchanged, and the route's changes (a revoke, a cancel, a sign-out)
 * are broadcast to every instance's hub.
 *
 * Failures: an instance's heartbeat renews its alive key and its claims every third of the TTL;
 * when it dies they expire and, once its key is found missing at two looks in a row (a late beat
 * of a busy instance is not a death: `peer_verdict.ts`), the sockets forwarded to it are closed with 1012 (their browsers
 * reconnect, and the next instance claims the professional), and its own forwarded sockets' seats
 * go into their grace period at the owner. When the link to Redis drops, forwarded sockets are
 * closed the same way (what was in flight may be lost) and sockets served locally stay; when it
 * is back, the heartbeat re-announces everything at once. On SIGTERM, {@linkcode drain} gives up
 * the claims and closes every socket with 1012, so they land on another instance.
 *
 * @example
 * ```ts
 * const cluster = new ClusterHub({
 *   hub: (hooks) => new Hub({ store, ...hooks }),
 *   url: "redis://127.0.0.1:6379",
 *   ttlMs: 10_000,
 * });
 * createWsTransport({ hub: cluster, endpoint }); // instead of the hub itself
 * await cluster.close(); // drains
 * ```
 */
import type { AppointmentStatus } from "../../domain/store.ts";
import type { SignalingHub } from "../hub_api.ts";
import type { Connection, EndReason, HubSession, Participant } from "../hub.ts";
import type { HeldMirror } from "../held_messages.ts";
import type { HubMetrics } from "../metrics.ts";
import { CloseCode, CloseReason, PROTOCOL_VERSION } from "../protocol.ts";
import { log } from "../../utils/log.ts";
import { type ClusterMetrics, renderClusterMetrics } from "./cluster_metrics.ts";
import { PeerVerdict } from "./peer_verdict.ts";
import { ForwardedSocket } from "./forwarded_socket.ts";
import { HeldOnRedis } from "./held_on_redis.ts";
import { Ownership } from "./ownership.ts";
import { RedisLink } from "./redis_link.ts";
import { RemoteSocket } from "./remote_socket.ts";
import {
  aliveKeyOf,
  BROADCAST,
  type Command,
  decodeWire,
  encodeWire,
  inboxOf,
  newSid,
  type Wire,
} from "./wire.ts";

/** Options of {@linkcode ClusterHub}. */
export interface ClusterHubOptions {
  /** Makes the local hub, which serves the calls held here, with the cluster's hooks. */
  hub: (hooks: ClusterHooks) => SignalingHub;
  url: string;
  /** How long a silent instance keeps its claims and its alive key. */
  ttlMs: number;
  /** How long a professional stays held here after their last socket (default 60 s). */
  lingerMs?: number;
  /** This instance's id (default: random). */
  id?: string;
}

/** What the local hub is made with (see `HubOptions`). */
export interface ClusterHooks {
  /** Where its rooms keep their held messages besides: Redis. */
  heldMirror: HeldMirror;
  /** Its window check ended an appointment: whichever instance holds the room closes it. */
  windowClosed(appointmentId: string, status: AppointmentStatus): void;
}

/** A socket served by the local hub, connected here. */
interface LocalSocket {
  conn: Connection;
  /** Null while the hub is still admitting it. */
  session: HubSession | null;
  professionalId: string;
}

/** A session for a socket refused before any hub saw it. */
function refused(conn: Connection, participant: Participant, code: number, reason: string) {
  conn.close(code, reason);
  const session: HubSession = {
    participant,
    receive() {},
    receiveBinary() {},
    receiveTooBig() {},
    closed() {},
  };
  return session;
}

/** The signaling hub of one instance among several. */
export class ClusterHub implements SignalingHub {
  /** This instance's id. */
  readonly id: string;
  readonly #hub: SignalingHub;
  readonly #ttlMs: number;
  readonly #link: RedisLink;
  readonly #ownership: Ownership;
  readonly #held: HeldOnRedis;
  readonly #locals = new Set<LocalSocket>();
  readonly #forwarded = new Map<string, ForwardedSocket>();
  readonly #remotes = new Map<string, RemoteSocket>();
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #beating: Promise<void> | null = null;
  #checking: Promise<void> | null = null;
  readonly #verdict = new PeerVerdict();
  #draining = false;
  /** Before this time (just after Redis came back) nothing new is claimed. */
  #settledAt = 0;
  #closed: Promise<void> | null = null;
  readonly #traffic = { sent: 0, sentBytes: 0, received: 0, receivedBytes: 0, peerLost: 0 };
  #drained = 0;

  constructor(options: ClusterHubOptions) {
    this.id = options.id ?? `${Deno.hostname()}-${Deno.pid}-${newSid().slice(0, 8)}`;
    this.#ttlMs = options.ttlMs;
    this.#link = new RedisLink(options.url, [inboxOf(this.id), BROADCAST], {
      up: () => {
        // Back after an outage that may have emptied Redis: the other instances re-announce their
        // claims within a heartbeat; until then a professional nobody is known to hold is not
        // claimed here (its socket would split a call still held elsewhere).
        if (this.#link.reconnects > 0) this.#settledAt = Date.now() + this.#ttlMs / 3;
        void this.#beat();
      },
      down: () => this.#linkLost(),
      message: (_channel, text) => this.#message(text),
    });
    const lingerMs = options.lingerMs ?? 60_000;
    this.#held = new HeldOnRedis(this.#link, lingerMs);
    this.#hub = options.hub({
      heldMirror: this.#held,
      windowClosed: (id, status) => this.endAppointment(id, "window_closed", status),
    });
    this.#ownership = new Ownership({
      link: this.#link,
      me: this.id,
      ttlMs: options.ttlMs,
      lingerMs,
      lost: (professionalId) => this.#lost(professionalId),
    });
    this.#heartbeat = setInterval(() => void this.#beat(), Math.floor(options.ttlMs / 3));
  }

  /** Whether the link to Redis is up. */
  get redisUp(): boolean {
    return this.#link.up;
  }

  /**
   * Serves `conn` where its professional's calls are held: by the local hub when here (claiming
   * them if nobody does), else forwarded to the instance holding them. While Redis is down, only
   * professionals held here are served; others are told to try again (1013).
   */
  async connect(
    conn: Connection,
    participant: Participant,
    version: number | null = PROTOCOL_VERSION,
  ): Promise<HubSession> {
    if (this.#draining) return refused(conn, participant, CloseCode.RESTART, CloseReason.RESTART);
    const professionalId = participant.professionalId;
    let holder = this.#ownership.holds(professionalId) ? this.id : null;
    if (this.#link.up) {
      try {
        holder = holder ??
          (Date.now() < this.#settledAt
            ? await this.#ownership.peek(professionalId)
            : await this.#ownership.ownerOf(professionalId));
      } catch {
        // Redis went down meanwhile: what this instance knows holds.
      }
    }
    if (holder === null) {
      return refused(conn, participant, CloseCode.TRY_AGAIN, CloseReason.TRY_AGAIN);
    }
    if (this.#draining) return refused(conn, participant, CloseCode.RESTART, CloseReason.RESTART);
    if (holder === this.id) return this.#serveHere(conn, participant, version);
    const forwarded = new ForwardedSocket(
      newSid(),
      holder,
      conn,
      participant,
      (to, msg) => this.#send(to, msg),
      (s) => this.#forwarded.delete(s.sid),
    );
    this.#forwarded.set(forwarded.sid, forwarded);
    const opened = this.#send(holder, {
      k: "open",
      sid: forwarded.sid,
      from: this.id,
      participant,
      version,
    });
    if (!opened) forwarded.drop(CloseCode.TRY_AGAIN, CloseReason.TRY_AGAIN);
    return forwarded;
  }

  revokeLink(appointmentId: string, version: number): void {
    this.#command({ name: "revokeLink", appointmentId, version });
  }

  revokeGuest(appointmentId: string, guestId: string, version?: number): void {
    this.#command({ name: "revokeGuest", appointmentId, guestId, version });
  }

  signOutEverywhere(professionalId: string, version: number): void {
    this.#command({ name: "signOutEverywhere", professionalId, version });
  }

  endAppointment(appointmentId: string, reason: EndReason, status?: AppointmentStatus): void {
    this.#command({ name: "endAppointment", appointmentId, reason, status });
  }

  /** The local hub's counters: the sockets and calls served here. */
  metrics(): HubMetrics {
    return this.#hub.metrics();
  }

  /** A snapshot of the cluster layer's own gauges and counters. */
  clusterMetrics(): ClusterMetrics {
    return {
      instanceSockets: this.#locals.size + this.#forwarded.size,
      forwardedSockets: this.#forwarded.size,
      remoteSockets: this.#remotes.size,
      ownedProfessionals: this.#ownership.size,
      ...this.#traffic,
      redisUp: this.#link.up ? 1 : 0,
      redisReconnects: this.#link.reconnects,
      drained: this.#drained,
    };
  }

  extraMetrics(): string {
    return renderClusterMetrics(this.clusterMetrics());
  }

  /**
   * Drains (SIGTERM): gives up every claim so the next socket of those professionals claims them
   * elsewhere, tells every socket it serves or forwards to reconnect (1012), closes the local
   * hub, and leaves Redis.
   */
  close(): Promise<void> {
    return this.#closed ??= this.#drain();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    clearInterval(this.#heartbeat);
    await this.#beating;
    this.#ownership.stop();
    if (this.#link.up) await this.#ownership.releaseAll().catch(() => {});
    const { RESTART: code } = CloseCode;
    const reason = CloseReason.RESTART;
    for (const s of [...this.#locals]) {
      this.#drained++;
      s.conn.close(code, reason);
      s.session?.closed();
    }
    for (const s of [...this.#remotes.values()]) {
      this.#drained++;
      s.drop(code, reason);
    }
    for (const s of [...this.#forwarded.values()]) {
      this.#drained++;
      s.drop(code, reason);
    }
    log.info("drained", { sockets: this.#drained });
    await this.#hub.close();
    await this.#held.flush();
    await this.#link.close();
  }

  #serveHere(conn: Connection, participant: Participant, version: number | null) {
    const professionalId = participant.professionalId;
    this.#ownership.add(professionalId);
    const local: LocalSocket = { conn, professionalId, session: null };
    this.#locals.add(local);
    let gone = false;
    const wrapped: HubSession = {
      participant,
      receive: (text) => local.session?.receive(text),
      receiveBinary: () => local.session?.receiveBinary(),
      receiveTooBig: () => local.session?.receiveTooBig(),
      closed: () => {
        if (gone) return;
        gone = true;
        // Not there any more when a drain or a lost claim closed it already.
        if (this.#locals.delete(local)) this.#ownership.remove(professionalId);
        local.session?.closed();
      },
    };
    return this.#prefetch(participant).then(() => this.#hub.connect(conn, participant, version))
      .then((session) => {
        local.session = session;
        return wrapped;
      }, (err) => {
        if (this.#locals.delete(local)) this.#ownership.remove(professionalId);
        throw err;
      });
  }

  /** Applies `cmd` here and has every other instance apply it. */
  #command(cmd: Command): void {
    this.#apply(cmd);
    if (!this.#link.publish(BROADCAST, encodeWire({ k: "cmd", from: this.id, cmd }))) {
      log.warn("redis down: a change reached only this instance", { command: cmd.name });
    }
  }

  #apply(cmd: Command): void {
    const hub = this.#hub;
    switch (cmd.name) {
      case "revokeLink":
        return hub.revokeLink(cmd.appointmentId, cmd.version);
      case "revokeGuest":
        return hub.revokeGuest(cmd.appointmentId, cmd.guestId, cmd.version);
      case "signOutEverywhere":
        return hub.signOutEverywhere(cmd.professionalId, cmd.version);
      case "endAppointment":
        return hub.endAppointment(cmd.appointmentId, cmd.reason, cmd.status);
    }
  }

  #send(to: string, msg: Wire): boolean {
    const text = encodeWire(msg);
    if (!this.#link.publish(inboxOf(to), text)) return false;
    this.#traffic.sent++;
    this.#traffic.sentBytes += text.length;
    return true;
  }

  #message(raw: string): void {
    const msg = decodeWire(raw);
    if (msg === null) return;
    if (msg.k === "cmd") {
      if (msg.from !== this.id) this.#apply(msg.cmd);
      return;
    }
    this.#traffic.received++;
    this.#traffic.receivedBytes += raw.length;
    switch (msg.k) {
      case "open":
        return this.#opened(msg.sid, msg.from, msg.participant, msg.version);
      case "in":
        return this.#remotes.get(msg.sid)?.receive(msg.text);
      case "binary":
        return this.#remotes.get(msg.sid)?.receiveBinary();
      case "too_big":
        return this.#remotes.get(msg.sid)?.receiveTooBig();
      case "gone":
        return this.#remotes.get(msg.sid)?.closed();
      case "out":
        return this.#forwarded.get(msg.sid)?.conn.send(msg.text);
      case "close":
        return this.#forwarded.get(msg.sid)?.closedByHolder(msg.code, msg.reason);
    }
  }

  /**
   * A socket at instance `from` for a call held here. The claim may have lapsed here a moment
   * before `from` read it in Redis (the last socket left, the linger ran out, the release is on
   * its way): then this instance claims it again if nobody else has, rather than turn the socket
   * away; if another instance holds it now, the socket reconnects (1012) and reaches that one.
   * Frames that arrive meanwhile wait in the remote socket, in order.
   */
  #opened(sid: string, from: string, participant: Participant, version: number | null): void {
    const professionalId = participant.professionalId;
    if (this.#draining) {
      this.#send(from, { k: "close", sid, code: CloseCode.RESTART, reason: CloseReason.RESTART });
      return;
    }
    let counted = false;
    const remote = new RemoteSocket(
      sid,
      from,
      participant,
      (to, msg) => this.#send(to, msg),
      (s) => {
        this.#remotes.delete(s.sid);
        if (counted) this.#ownership.remove(s.participant.professionalId);
      },
    );
    this.#remotes.set(sid, remote);
    const heldHere = this.#ownership.holds(professionalId)
      ? Promise.resolve(true)
      : this.#ownership.ownerOf(professionalId).then((owner) => owner === this.id, () => false);
    void heldHere.then((held) => {
      if (this.#remotes.get(sid) !== remote) return; // closed meanwhile
      if (!held || this.#draining) return remote.drop(CloseCode.RESTART, CloseReason.RESTART);
      this.#ownership.add(professionalId);
      counted = true;
      remote.start(this.#hub, version, this.#prefetch(participant));
    });
  }

  /** For a call socket: what Redis holds for its room, in case the room opens here now. */
  #prefetch(participant: Participant): Promise<void> {
    const id = participant.appointmentId;
    return id === null ? Promise.resolve() : this.#held.prefetch(id);
  }

  /**
   * The heartbeat (also right after the link comes back: re-announces everything), and the look
   * at the other instances, each on its own: a slow look (a busy Redis, a busy event loop) must
   * not hold up the next renewal of this instance's own alive key.
   */
  #beat(): Promise<void> {
    if (this.#draining || !this.#link.up) return this.#beating ?? Promise.resolve();
    this.#checking ??= this.#checkPeers().catch((err) => {
      log.warn("cluster peer check failed", { error: (err as Error).message });
    }).finally(() => this.#checking = null);
    this.#beating ??= this.#ownership.renew().catch((err) => {
      log.warn("cluster heartbeat failed", { error: (err as Error).message });
    }).finally(() => this.#beating = null);
    return this.#beating;
  }

  /** Closes what depends on an instance whose alive key is gone (at two checks in a row). */
  async #checkPeers(): Promise<void> {
    const peers = new Set<string>();
    for (const s of this.#forwarded.values()) peers.add(s.holder);
    for (const s of this.#remotes.values()) peers.add(s.via);
    const ids = [...peers];
    const alive = await this.#link.exist(ids.map(aliveKeyOf));
    const dead = this.#verdict.confirm(ids.filter((_, i) => !alive[i]));
    if (dead.size === 0) return;
    log.warn("instances gone silent", { count: dead.size });
    for (const s of [...this.#forwarded.values()]) {
      if (!dead.has(s.holder)) continue;
      this.#traffic.peerLost++;
      s.closedByHolder(CloseCode.RESTART, CloseReason.RESTART);
    }
    for (const s of [...this.#remotes.values()]) {
      if (!dead.has(s.via)) continue;
      this.#traffic.peerLost++;
      s.closed();
    }
  }

  /** Redis dropped: the sockets that depend on it reconnect (what was in flight may be lost). */
  #linkLost(): void {
    for (const s of [...this.#forwarded.values()]) {
      s.closedByHolder(CloseCode.RESTART, CloseReason.RESTART);
    }
    for (const s of [...this.#remotes.values()]) s.closed();
  }

  /** Another instance holds `professionalId` now: their sockets here reconnect to it. */
  #lost(professionalId: string): void {
    log.warn("a professional's calls moved to another instance");
    for (const s of [...this.#locals]) {
      if (s.professionalId !== professionalId) continue;
      s.conn.close(CloseCode.RESTART, CloseReason.RESTART);
      this.#locals.delete(s);
      s.session?.closed();
    }
    for (const s of [...this.#remotes.values()]) {
      if (s.participant.professionalId === professionalId) {
        s.drop(CloseCode.RESTART, CloseReason.RESTART);
      }
    }
  }
}
