import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  CloseCode,
  encode,
  isTooBig,
  MAX_CANDIDATE_LENGTH,
  MAX_MESSAGE_BYTES,
  MAX_SDP_LENGTH,
  parseClientMessage,
  parseServerMessage,
  PROTOCOL_VERSION,
  protocolVersionOf,
  utf8Length,
  withProtocolVersion,
} from "./protocol.ts";

const SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

const valid: unknown[] = [
  { type: "offer", to: "pro", sdp: SDP },
  { type: "answer", to: "client", sdp: SDP },
  { type: "offer", to: "guest:abc_DEF-1", sdp: "" },
  { type: "ice", to: "pro", candidate: null },
  {
    type: "ice",
    to: "client",
    candidate: { candidate: "candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host" },
  },
  {
    type: "ice",
    to: "pro",
    candidate: { candidate: "c", sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "abcd" },
  },
  { type: "ice", to: "pro", candidate: { candidate: "", sdpMid: null, sdpMLineIndex: null } },
  { type: "media", audio: true, video: false },
  { type: "media", audio: true, video: true, screen: "{0f8a4c2e-7b1d-4e8a-9c3f-2d6b5a1e9f70}" },
  { type: "leave" },
  { type: "end" },
  { type: "ping" },
  { type: "ping", id: 7 },
  { type: "ping", id: "abc" },
  { type: "join" },
];

const invalid: unknown[] = [
  null,
  1,
  "offer",
  [],
  {},
  { type: "nope" },
  { type: "offer" },
  { type: "offer", sdp: SDP },
  { type: "offer", to: "pro", sdp: 1 },
  { type: "offer", to: "pro", sdp: "x".repeat(MAX_SDP_LENGTH + 1) },
  { type: "offer", to: "pro", sdp: SDP, room: "other" },
  { type: "offer", to: "pro", from: "client", sdp: SDP },
  { type: "offer", to: "admin", sdp: SDP },
  { type: "offer", to: "guest:", sdp: SDP },
  { type: "offer", to: "guest:a b", sdp: SDP },
  { type: "answer", to: "pro", sdp: null },
  { type: "answer", sdp: SDP },
  { type: "ice" },
  { type: "ice", candidate: null },
  { type: "ice", to: "pro", from: "client", candidate: null },
  { type: "ice", to: "pro", candidate: "candidate:1" },
  { type: "ice", to: "pro", candidate: { candidate: "x".repeat(MAX_CANDIDATE_LENGTH + 1) } },
  { type: "ice", to: "pro", candidate: { candidate: "c", sdpMLineIndex: -1 } },
  { type: "ice", to: "pro", candidate: { candidate: "c", sdpMLineIndex: 1.5 } },
  { type: "ice", to: "pro", candidate: { candidate: "c", extra: 1 } },
  { type: "media", audio: true, video: true, from: "pro" },
  { type: "media", audio: "yes", video: true },
  { type: "media", audio: true },
  { type: "media", audio: true, video: true, screen: "" },
  { type: "media", audio: true, video: true, screen: "x".repeat(65) },
  { type: "media", audio: true, video: true, screen: "has space" },
  { type: "hangup" },
  { type: "leave", appointmentId: "x" },
  { type: "end", appointmentId: "x" },
  { type: "ping", id: {} },
  { type: "join", appointmentId: "x" },
  { type: "welcome", role: "pro", id: null, appointment: null, participants: [] },
  { type: "roster", participants: [] },
  { type: "status" },
  { type: "__proto__" },
];

Deno.test("parseClientMessage accepts every valid client message unchanged", () => {
  for (const msg of valid) {
    const result = parseClientMessage(JSON.stringify(msg));
    assertEquals(result, { ok: true, msg }, JSON.stringify(msg));
  }
});

Deno.test("parseClientMessage rejects valid JSON that is not a client message with 1008", () => {
  for (const msg of invalid) {
    const result = parseClientMessage(JSON.stringify(msg));
    assertEquals(result.ok, false, JSON.stringify(msg).slice(0, 80));
    if (!result.ok) assertEquals(result.code, CloseCode.POLICY);
  }
});

Deno.test("parseClientMessage rejects text that is not JSON with 1007", () => {
  for (const text of ["", "{", "offer", "{'type':'leave'}", "\u0000", "[1,]"]) {
    const result = parseClientMessage(text);
    assertEquals(result.ok, false);
    if (!result.ok) assertEquals(result.code, CloseCode.INVALID_JSON);
  }
});

Deno.test("SDP survives parse and encode byte-for-byte", () => {
  const sdp = SDP + 'a=fingerprint:sha-256 AB:CD\r\na=x-unicode:é😀"\\\r\n';
  const result = parseClientMessage(encode({ type: "offer", to: "pro", sdp }));
  if (!result.ok || result.msg.type !== "offer") throw new Error("offer not parsed");
  assertEquals(result.msg.sdp, sdp);
  const relayed = parseServerMessage(
    encode({ type: "offer", from: "client", sdp: result.msg.sdp }),
  );
  assertEquals(relayed.ok && relayed.msg.type === "offer" && relayed.msg.sdp, sdp);
});

Deno.test("parseServerMessage accepts server messages", () => {
  const messages = [
    {
      type: "welcome",
      role: "client",
      id: "client",
      appointment: { id: "a", startsAt: 1, durationMin: 30, status: "waiting" },
      participants: [
        { id: "client", role: "client", name: "Grace", presence: "present" },
        {
          id: "guest:g1",
          role: "guest",
          name: "Maria",
          presence: "away",
          media: { audio: true, video: false },
        },
      ],
    },
    { type: "roster", participants: [{ id: "pro", role: "pro", name: "A", presence: "present" }] },
    { type: "offer", from: "pro", sdp: SDP },
    { type: "answer", from: "guest:g1", sdp: SDP },
    { type: "ice", from: "client", candidate: null },
    { type: "peer", id: "pro", state: "joined" },
    { type: "peer", id: "client", state: "away" },
    { type: "peer", id: "guest:g1", state: "left" },
    {
      type: "status",
      appointmentId: "a",
      status: "in_call",
      clientPresent: true,
      clientMedia: { audio: true, video: true },
      offerWaiting: true,
      at: 5,
    },
    { type: "pong", id: 1 },
    { type: "error", code: "no_room", message: "m" },
  ];
  for (const msg of messages) assertEquals(parseServerMessage(JSON.stringify(msg)).ok, true);
  assertEquals(parseServerMessage(JSON.stringify({ type: "status" })).ok, false);
  assertEquals(parseServerMessage(JSON.stringify({ type: "hangup" })).ok, false, "gone");
  assertEquals(
    parseServerMessage(JSON.stringify({ type: "peer", id: "pro", state: "gone" })).ok,
    false,
  );
  assertEquals(parseServerMessage(JSON.stringify({ type: "peer", state: "left" })).ok, false);
  assertEquals(parseServerMessage(JSON.stringify({ type: "offer", sdp: SDP })).ok, false);
});

Deno.test("protocol version: on the socket URL, read back; none or junk is null", () => {
  assertEquals(withProtocolVersion("/ws?role=client"), `/ws?role=client&v=${PROTOCOL_VERSION}`);
  assertEquals(withProtocolVersion("wss://h/ws?v=1"), `wss://h/ws?v=${PROTOCOL_VERSION}`);
  assertEquals(protocolVersionOf(withProtocolVersion("/ws")), PROTOCOL_VERSION);
  assertEquals(protocolVersionOf("/ws?v=1"), 1);
  assertEquals(protocolVersionOf("/ws"), null);
  assertEquals(protocolVersionOf("/ws?v=two"), null);
});

Deno.test("utf8Length and isTooBig count UTF-8 bytes", () => {
  for (const s of ["", "abc", "é", "€", "😀", "a😀é€", "\ud800x", "x\udc00"]) {
    assertEquals(utf8Length(s), new TextEncoder().encode(s).length, s);
  }
  assertEquals(isTooBig("a".repeat(MAX_MESSAGE_BYTES)), false);
  assertEquals(isTooBig("a".repeat(MAX_MESSAGE_BYTES + 1)), true);
  assertEquals(isTooBig("é".repeat(MAX_MESSAGE_BYTES / 2)), false);
  assertEquals(isTooBig("é".repeat(MAX_MESSAGE_BYTES / 2 + 1)), true);
});
