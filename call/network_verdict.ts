/**
 * What the pre-call network check found, in plain words. Pure: it reads what gathering ICE
 * candidates against the configured STUN and TURN servers observed (call/network_check.ts) and
 * says whether a direct call, a relayed call or no call at all looks possible.
 *
 * @example
 * ```ts
 * judgeNetwork({ stun: { srflx: 0, relay: 0, complete: false, errors: [] },
 *   turn: { srflx: 0, relay: 1, complete: true, errors: [] }, relayOnly: false });
 * // → { kind: "relayed", ok: true, text: "Direct calls are blocked here; …" }
 * ```
 */
import { w } from "./ui/words.ts";

/** What gathering against one group of servers (all STUN, or all TURN) saw. */
export interface ServerProbe {
  /** Server-reflexive candidates: a STUN server told us our public address. */
  srflx: number;
  /** Relay candidates: a TURN server gave us an allocation. */
  relay: number;
  /** Gathering finished before the time limit: every server answered or refused. */
  complete: boolean;
  /** `icecandidateerror` codes (401 wrong credentials, 701 server unreachable…). */
  errors: number[];
}

/** The whole check: null for a group that is not configured. */
export interface NetworkObservation {
  stun: ServerProbe | null;
  turn: ServerProbe | null;
  /** The site sends every call through the relay (`ICE_TRANSPORT_POLICY=relay`). */
  relayOnly: boolean;
}

/** The check's outcome. */
export interface NetworkVerdict {
  kind: "unchecked" | "ready" | "ready_no_relay" | "relayed" | "relay_unreachable" | "blocked";
  /** False when the call may not connect: shown as a warning. */
  ok: boolean;
  text: string;
}

/**
 * A STUN group answered: it gave a public address, or gathering finished without an error.
 * (Where the public address is the local one, as on an unfiltered network, the browser drops the
 * duplicate candidate; finishing is then the only sign of an answer.)
 */
function stunAnswered(p: ServerProbe): boolean {
  return p.srflx > 0 || (p.complete && p.errors.length === 0);
}

/** Judges an observation; see {@linkcode NetworkVerdict}. */
export function judgeNetwork(obs: NetworkObservation): NetworkVerdict {
  const direct = obs.stun ? stunAnswered(obs.stun) : null;
  const relay = obs.turn ? obs.turn.relay > 0 : null;
  if (obs.relayOnly) {
    return relay ? { kind: "ready", ok: true, text: w("net.ready") } : {
      kind: "blocked",
      ok: false,
      text: w("net.relayBlocked"),
    };
  }
  if (direct === null && relay === null) {
    return {
      kind: "unchecked",
      ok: true,
      text: w("net.unchecked"),
    };
  }
  if (direct !== false && relay !== false) {
    return { kind: "ready", ok: true, text: w("net.ready") };
  }
  if (direct === true) {
    return {
      kind: "ready_no_relay",
      ok: true,
      text: w("net.readyNoRelay"),
    };
  }
  if (relay === true) {
    return {
      kind: "relayed",
      ok: true,
      text: w("net.relayed"),
    };
  }
  if (direct === null) {
    return {
      kind: "relay_unreachable",
      ok: false,
      text: w("net.relayUnreachable"),
    };
  }
  return {
    kind: "blocked",
    ok: false,
    text: w(relay === null ? "net.blockedNoRelay" : "net.blocked"),
  };
}
