/**
 * The pre-call network check in the browser: gathers ICE candidates with a real
 * RTCPeerConnection against this call's STUN servers, and separately against its TURN servers,
 * with a time limit so it never spins forever. Separately, because an unanswered server keeps
 * gathering from finishing: probing each group alone tells which one answered. What it sees is
 * judged in call/network_verdict.ts.
 */
import type { NetworkObservation, ServerProbe } from "./network_verdict.ts";

/** How long each probe may take: a server that has not answered by then counts as silent. */
export const NETWORK_CHECK_MS = 5_000;

/** The entries of `servers` whose URLs use `schemes`, keeping their credentials. */
function serversWith(servers: RTCIceServer[], schemes: RegExp): RTCIceServer[] {
  const out: RTCIceServer[] = [];
  for (const s of servers) {
    const urls = (Array.isArray(s.urls) ? s.urls : [s.urls]).filter((u) => schemes.test(u));
    if (urls.length > 0) out.push({ ...s, urls });
  }
  return out;
}

/**
 * Gathers against `servers` until gathering completes, `enough` says so, or `timeoutMs` passes.
 */
export async function probeServers(
  servers: RTCIceServer[],
  timeoutMs: number,
  enough: (p: ServerProbe) => boolean = () => false,
): Promise<ServerProbe> {
  const probe: ServerProbe = { srflx: 0, relay: 0, complete: false, errors: [] };
  let pc: RTCPeerConnection;
  try {
    pc = new RTCPeerConnection({ iceServers: servers });
  } catch {
    return probe; // A URL the browser refuses: nothing can be reached through it.
  }
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      pc.onicecandidate = (e) => {
        if (!e.candidate) {
          probe.complete = true;
          return done();
        }
        if (e.candidate.type === "srflx") probe.srflx++;
        if (e.candidate.type === "relay") probe.relay++;
        if (enough(probe)) done();
      };
      pc.onicecandidateerror = (e) => {
        probe.errors.push((e as RTCPeerConnectionIceErrorEvent).errorCode);
      };
      // A data channel is enough to gather: no camera or microphone is needed here.
      pc.createDataChannel("network-check");
      pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(done);
    });
    return probe;
  } finally {
    pc.close();
  }
}

/** Probes the STUN and the TURN servers of `config` side by side. */
export async function checkNetwork(
  config: RTCConfiguration,
  timeoutMs: number = NETWORK_CHECK_MS,
): Promise<NetworkObservation> {
  const servers = config.iceServers ?? [];
  const stun = serversWith(servers, /^stuns?:/i);
  const turn = serversWith(servers, /^turns?:/i);
  const [stunProbe, turnProbe] = await Promise.all([
    stun.length > 0 ? probeServers(stun, timeoutMs) : null,
    // One relay is proof enough; a second TURN URL that is silent need not hold up the answer.
    turn.length > 0 ? probeServers(turn, timeoutMs, (p) => p.relay > 0) : null,
  ]);
  return { stun: stunProbe, turn: turnProbe, relayOnly: config.iceTransportPolicy === "relay" };
}
