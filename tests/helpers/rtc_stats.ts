/**
 * Media facts read from `getStats()` in any engine: decoded video frames per peer connection and
 * the selected candidate pair. Chromium names the pair through the transport's
 * `selectedCandidatePairId`; Firefox has no transport stats and marks the pair `selected`.
 */
import type { Person } from "./person.ts";

/** What one live peer connection of a page receives, and over which candidate pair. */
export interface PeerStats {
  connectionState: string;
  /** Sum of inbound-rtp video `framesDecoded`. */
  framesDecoded: number;
  bytesReceived: number;
  /** Candidate types of the selected pair, e.g. "host" / "srflx" / "relay"; null before one. */
  local: string | null;
  remote: string | null;
}

/**
 * Runs in the page (self-contained): the stats of every peer connection the page recorded
 * (tests/helpers/call_flow.ts's `__pcs`) that is connected.
 */
export async function connectedPeerStats(): Promise<PeerStats[]> {
  // deno-lint-ignore no-explicit-any
  const pcs = ((window as any).__pcs as RTCPeerConnection[])
    .filter((pc) => pc.connectionState === "connected");
  return await Promise.all(pcs.map(async (pc) => {
    const stats = await pc.getStats();
    let framesDecoded = 0;
    let bytesReceived = 0;
    // deno-lint-ignore no-explicit-any
    let pair: any;
    stats.forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "video") {
        framesDecoded += r.framesDecoded ?? 0;
        bytesReceived += r.bytesReceived ?? 0;
      }
      if (r.type === "transport" && r.selectedCandidatePairId) {
        pair = stats.get(r.selectedCandidatePairId);
      }
    });
    stats.forEach((r) => {
      if (!pair && r.type === "candidate-pair" && r.selected) pair = r;
    });
    return {
      connectionState: pc.connectionState,
      framesDecoded,
      bytesReceived,
      local: pair ? stats.get(pair.localCandidateId)?.candidateType ?? null : null,
      remote: pair ? stats.get(pair.remoteCandidateId)?.candidateType ?? null : null,
    };
  }));
}

/**
 * Waits until `person` has `peers` connected peer connections, each decoding video frames and
 * decoding more of them a moment later; returns the later stats.
 */
export async function waitForFrames(
  person: Person,
  peers: number,
  timeoutMs = 30_000,
): Promise<PeerStats[]> {
  const deadline = Date.now() + timeoutMs;
  let last: PeerStats[] = [];
  for (;;) {
    last = await person.evaluate(connectedPeerStats);
    if (last.length === peers && last.every((s) => s.framesDecoded > 0)) {
      const later = await framesGrow(person, last, Math.max(1, deadline - Date.now()));
      if (later) return later;
    }
    if (Date.now() > deadline) {
      const all = await person.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        ((window as any).__pcs as RTCPeerConnection[]).map((pc) =>
          `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`
        )
      );
      throw new Error(
        `${person.label}: no frames from ${peers} peers: ${JSON.stringify(last)}; every ` +
          `connection the page made (connection/ICE/signaling): ${all.join(", ")}`,
      );
    }
    await sleep(200);
  }
}

/**
 * Waits until every connection of `person` has decoded more frames than in `before` (the same
 * connections, in the same order); the later stats, or null when the count changed or time ran out.
 */
export async function framesGrow(
  person: Person,
  before: PeerStats[],
  timeoutMs = 10_000,
): Promise<PeerStats[] | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sleep(250);
    const now = await person.evaluate(connectedPeerStats);
    if (now.length !== before.length) return null;
    if (now.every((s, i) => s.framesDecoded > before[i].framesDecoded)) return now;
    if (Date.now() > deadline) return null;
  }
}

/** "host/host" for each connection: the selected pair's local and remote candidate types. */
export function pairTypes(stats: PeerStats[]): string {
  return stats.map((s) => `${s.local}/${s.remote}`).join(", ");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
