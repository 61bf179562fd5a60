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
  utf8Length,
} from "./protocol.ts";

const SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

const valid: unknown[] = [
  { type: "offer", sdp: SDP },
  { type: "answer", sdp: SDP },
  { type: "offer", sdp: "" },
  { type: "ice", candidate: null },
  { type: "ice", candidate: { candidate: "candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host" } },
  {
    type: "ice",
    candidate: { candidate: "c", sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "abcd" },
  },
  { type: "ice", candidate: { candidate: "", sdpMid: null, sdpMLineIndex: null } },
  { type: "media", audio: true, video: false },
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
  { type: "offer", sdp: 1 },
  { type: "offer", sdp: "x".repeat(MAX_SDP_LENGTH + 1) },
  { type: "offer", sdp: SDP, room: "other" },
  { type: "answer", sdp: null },
  { type: "ice" },
  { type: "ice", candidate: "candidate:1" },
  { type: "ice", candidate: { candidate: "x".repeat(MAX_CANDIDATE_LENGTH + 1) } },
  { type: "ice", candidate: { candidate: "c", sdpMLineIndex: -1 } },
  { type: "ice", candidate: { candidate: "c", sdpMLineIndex: 1.5 } },
  { type: "ice", candidate: { candidate: "c", extra: 1 } },
  { type: "media", audio: "yes", video: true },
  { type: "media", audio: true },
  { type: "hangup" },
  { type: "leave", appointmentId: "x" },
  { type: "end", appointmentId: "x" },
  { type: "ping", id: {} },
  { type: "join", appointmentId: "x" },
  { type: "welcome", role: "pro", appointment: null, peer: { present: true } },
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
  const result = parseClientMessage(encode({ type: "offer", sdp }));
  if (!result.ok || result.msg.type !== "offer") throw new Error("offer not parsed");
  assertEquals(result.msg.sdp, sdp);
  const relayed = parseServerMessage(encode(result.msg));
  assertEquals(relayed.ok && relayed.msg.type === "offer" && relayed.msg.sdp, sdp);
});

Deno.test("parseServerMessage accepts server messages", () => {
  const messages = [
    {
      type: "welcome",
      role: "client",
      appointment: { id: "a", startsAt: 1, durationMin: 30, status: "waiting" },
      peer: { present: false },
    },
    { type: "peer", state: "joined" },
    { type: "peer", state: "away" },
    { type: "peer", state: "left" },
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
  assertEquals(parseServerMessage(JSON.stringify({ type: "peer", state: "gone" })).ok, false);
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
