/** The hub's tunable limits and their defaults. */
import { HEARTBEAT_TIMEOUT_MS } from "./protocol.ts";

/** Tunable limits of the hub. */
export interface HubLimits {
  /** Messages a socket may send at once. */
  burst: number;
  /** Messages per second a socket may send, sustained. */
  perSecond: number;
  /** Messages held per appointment while the other party is away. */
  roomBuffer: number;
  /** UTF-8 bytes held per appointment while the other party is away, all messages together. */
  roomBufferBytes: number;
  /** Sockets one professional may have open at once: dashboards, standby and call sockets. */
  socketsPerPro: number;
  /** Client sockets one appointment may have open at once (tabs, a reload in flight). */
  socketsPerClient: number;
  /** A socket silent for longer than this is closed by `Hub.sweep`. */
  heartbeatMs: number;
  /** How often the hub sweeps on its own while sockets are open; 0 disables. */
  sweepEveryMs: number;
  /**
   * How long a dropped call socket keeps its seat: a network blip or a page
   * reload within this time resumes silently (messages meanwhile are held
   * for it); after it the peer is told "left". 0 announces at once.
   */
  graceMs: number;
  /** How often the hub looks for appointments whose join window has closed; 0 disables. */
  windowCheckEveryMs: number;
  /** Most people with a seat in one call (`MAX_PARTICIPANTS`): one more is closed with 4007. */
  maxParticipants: number;
}

/** Defaults of {@linkcode HubLimits}. */
export const DEFAULT_LIMITS: HubLimits = {
  burst: 200,
  perSecond: 50,
  roomBuffer: 256,
  roomBufferBytes: 256 * 1024,
  socketsPerPro: 16,
  socketsPerClient: 4,
  heartbeatMs: HEARTBEAT_TIMEOUT_MS,
  sweepEveryMs: 5_000,
  graceMs: 20_000,
  windowCheckEveryMs: 30_000,
  maxParticipants: 4,
};
