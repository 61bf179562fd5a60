/** The RTCConfiguration of a call's peer connections, built from the network settings of the call. */

/**
 * The call's ICE servers and policy as the server gives them, and one transport for audio, video
 * and chat from the first offer (`max-bundle`): candidates, and TURN allocations, are gathered
 * once instead of once per kind, as "balanced" does until the answer accepts the bundle (a
 * waiting client's offer gathered 12 candidates on three transports, now 4 on one).
 */
export function callRtcConfig(
  network: { iceServers: RTCIceServer[]; iceTransportPolicy?: RTCIceTransportPolicy },
): RTCConfiguration {
  return {
    iceServers: network.iceServers,
    iceTransportPolicy: network.iceTransportPolicy ?? "all",
    bundlePolicy: "max-bundle",
  };
}
