/**
 * The signaling payloads every simulated appointment exchanges: an offer and an answer of about
 * 4 KB (a real two-track SDP padded with codec lines) and ICE candidates of about 250 bytes, in
 * Frontdesk's protocol shape so both servers carry the same JSON.
 */

function sdp(kind, seq) {
  const lines = [
    "v=0",
    `o=- ${4611731400430051336n + BigInt(seq)} 2 IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0 1",
    "a=extmap-allow-mixed",
    "a=msid-semantic: WMS stream",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    "a=ice-ufrag:bEnC",
    "a=ice-pwd:2cwQv1Rk4ZSMo0z0fs5lVr0N",
    "a=ice-options:trickle",
    "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43",
    `a=setup:${kind === "offer" ? "actpass" : "active"}`,
    "a=mid:0",
    "a=sendrecv",
    "a=rtcp-mux",
    "a=rtpmap:111 opus/48000/2",
    "a=rtcp-fb:111 transport-cc",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46",
    "c=IN IP4 0.0.0.0",
    "a=mid:1",
    "a=sendrecv",
    "a=rtcp-mux",
    "a=rtcp-rsize",
  ];
  for (let pt = 96; lines.join("\r\n").length < 3900; pt++) {
    lines.push(
      `a=rtpmap:${pt} VP8/90000`,
      `a=rtcp-fb:${pt} goog-remb`,
      `a=rtcp-fb:${pt} nack pli`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

/** The offer message (about 4 KB on the wire). */
export const offer = (seq) => ({ type: "offer", sdp: sdp("offer", seq) });
/** The answer message (about 4 KB on the wire). */
export const answer = (seq) => ({ type: "answer", sdp: sdp("answer", seq) });

/** One trickled ICE candidate (about 250 bytes on the wire). */
export function ice(seq) {
  const port = 50000 + (seq % 10000);
  return {
    type: "ice",
    candidate: {
      candidate: `candidate:${1000000 + seq} 1 udp 1685987071 203.0.113.7 ${port} typ srflx ` +
        `raddr 192.168.1.20 rport ${port} generation 0 ufrag bEnC network-id 1 network-cost 10`,
      sdpMid: "0",
      sdpMLineIndex: 0,
      usernameFragment: "bEnC",
    },
  };
}

/** ICE candidates each side sends per appointment. */
export const ICE_PER_SIDE = 20;
