/**
 * ICE facts from a page's newest RTCPeerConnection (recorded by `newCallContext`): the selected
 * candidate pair with both candidates' types and transports, how many ICE restarts happened
 * (distinct ICE ufrags among local candidates), and the connection's state history.
 */
import type { Page } from "playwright-core";

/** The selected candidate pair, as `getStats()` reports it. */
export interface SelectedPair {
  local: string;
  remote: string;
  /** The local candidate's transport (udp/tcp): for a relay, the one to the remote peer. */
  protocol: string;
  /** For a local relay candidate: how the browser reaches the TURN server (udp, tcp, tls). */
  relayProtocol?: string;
  /** Local ufrags seen (one per ICE generation: > 1 means ICE restarted). */
  generations: number;
}

/** The selected pair of the page's newest peer connection, or null while there is none. */
export function selectedPair(page: Page): Promise<SelectedPair | null> {
  return page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const pc = pcs[pcs.length - 1];
    const stats = await pc.getStats();
    let pairId: string | undefined;
    const ufrags = new Set<string>();
    stats.forEach((r) => {
      if (r.type === "transport" && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
      if (r.type === "local-candidate" && r.usernameFragment) ufrags.add(r.usernameFragment);
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    if (!pair) return null;
    const local = stats.get(pair.localCandidateId);
    const remote = stats.get(pair.remoteCandidateId);
    return {
      local: local?.candidateType ?? "?",
      remote: remote?.candidateType ?? "?",
      protocol: local?.protocol ?? "?",
      relayProtocol: local?.relayProtocol,
      generations: ufrags.size,
    };
  });
}

/**
 * Starts recording `connectionState` changes of the newest peer connection (`__pcStates`): the
 * state now, then each change as `state@ms` since the start.
 */
export function recordStates(page: Page): Promise<void> {
  return page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const w = window as any;
    const pcs = w.__pcs as RTCPeerConnection[];
    const pc = pcs[pcs.length - 1];
    w.__pcStates = [pc.connectionState];
    const t0 = Date.now();
    pc.addEventListener(
      "connectionstatechange",
      () => w.__pcStates.push(`${pc.connectionState}@${Date.now() - t0}`),
    );
  });
}

/** The states recorded since {@linkcode recordStates}. */
export function recordedStates(page: Page): Promise<string[]> {
  // deno-lint-ignore no-explicit-any
  return page.evaluate(() => (window as any).__pcStates ?? []);
}
