import { match, strictEqual } from "node:assert/strict";
import { CloseCode, CloseReason } from "../../signaling/protocol.ts";
import { canRejoin, type EndFacts, endReason } from "./end_reason.ts";
import "./english_words.ts";

const base: EndFacts = { by: "peer", closedWith: null, role: "client", peerName: "Dr. Ada" };

Deno.test("endReason says the appointment was cancelled, on either side", () => {
  const closedWith = { code: CloseCode.CANCELLED, reason: CloseReason.CANCELLED };
  const client = endReason({ ...base, closedWith });
  strictEqual(client.title, "The appointment was cancelled");
  match(client.text, /^Dr\. Ada cancelled this appointment/);
  match(endReason({ ...base, closedWith, role: "pro" }).text, /cancelled.*both of you/);
});

Deno.test("endReason says the link was withdrawn, and why a session was refused", () => {
  const revoked = endReason({
    ...base,
    closedWith: { code: CloseCode.REVOKED, reason: CloseReason.REVOKED },
  });
  strictEqual(revoked.title, "This link was withdrawn");
  match(revoked.text, /Dr\. Ada withdrew the link.*new link/);
  const tooMany = endReason({
    ...base,
    closedWith: { code: CloseCode.POLICY, reason: CloseReason.TOO_MANY_SOCKETS },
  });
  strictEqual(tooMany.title, "Too many connections");
});

Deno.test("endReason otherwise says who ended the call", () => {
  strictEqual(endReason({ ...base, by: "you" }).text, "You left the call.");
  strictEqual(endReason(base).text, "The other side ended the call.");
  match(endReason({ ...base, by: "elsewhere" }).text, /another tab/);
  strictEqual(endReason({ ...base, by: "elsewhere" }).title, "The call has ended");
});

Deno.test("endReason says an appointment is over, or a session expired", () => {
  const over = endReason({
    ...base,
    closedWith: { code: CloseCode.ENDED, reason: CloseReason.ENDED },
  });
  strictEqual(over.title, "This appointment is over");
  const expired = { code: CloseCode.POLICY, reason: CloseReason.EXPIRED };
  strictEqual(endReason({ ...base, closedWith: expired }).title, "Your session expired");
  match(endReason({ ...base, closedWith: expired }).text, /link Dr\. Ada sent you/);
  match(endReason({ ...base, closedWith: expired, role: "pro" }).text, /sign in again .*\/login/);
});

Deno.test("endReason: ended for everyone by the professional, or the window closed", () => {
  const byPro = { code: CloseCode.ENDED, reason: CloseReason.ENDED_FOR_EVERYONE };
  strictEqual(endReason({ ...base, closedWith: byPro }).text, "Dr. Ada ended the appointment.");
  match(endReason({ ...base, closedWith: byPro, role: "pro" }).text, /You ended .* for everyone/);
  const window = { code: CloseCode.ENDED, reason: CloseReason.WINDOW_CLOSED };
  strictEqual(endReason({ ...base, closedWith: window }).title, "The appointment's time is over");
});

Deno.test("endReason: a page of an older protocol is asked to reload", () => {
  const words = endReason({
    ...base,
    closedWith: { code: CloseCode.VERSION, reason: CloseReason.VERSION },
  });
  match(words.text, /reload the page/);
});

Deno.test("endReason: a fifth person reads that the call is full", () => {
  const words = endReason({
    ...base,
    closedWith: { code: CloseCode.FULL, reason: CloseReason.FULL },
  });
  strictEqual(words.title, "The call is full");
});

Deno.test("endReason says politely that a knock was declined (4008)", () => {
  const declined = endReason({
    ...base,
    closedWith: { code: CloseCode.DECLINED, reason: CloseReason.DECLINED },
  });
  strictEqual(declined.title, "You were not let in");
  match(declined.text, /^Sorry, Dr\. Ada could not let you into this call/);
});

Deno.test("endReason: signed out everywhere says so and where to sign in again", () => {
  const words = endReason({
    ...base,
    role: "pro",
    closedWith: { code: CloseCode.SIGNED_OUT, reason: CloseReason.SIGNED_OUT },
  });
  strictEqual(words.title, "You were signed out");
  match(words.text, /sign in again .*\/login/);
});

Deno.test("canRejoin: only while the appointment is open and this page lost the call", () => {
  const rejoin = (code: number, reason = "") => canRejoin({ closedWith: { code, reason } });
  strictEqual(rejoin(CloseCode.REPLACED, CloseReason.REPLACED), true, "another tab took over");
  strictEqual(rejoin(CloseCode.FULL, CloseReason.FULL), true);
  strictEqual(rejoin(CloseCode.POLICY, CloseReason.RATE_LIMIT), true);
  strictEqual(rejoin(CloseCode.POLICY, CloseReason.TOO_MANY_SOCKETS), true);
  strictEqual(rejoin(CloseCode.TOO_BIG, CloseReason.TOO_BIG), true);
  strictEqual(rejoin(CloseCode.ENDED, CloseReason.ENDED_FOR_EVERYONE), false);
  strictEqual(rejoin(CloseCode.ENDED, CloseReason.WINDOW_CLOSED), false);
  strictEqual(rejoin(CloseCode.ENDED, CloseReason.ENDED), false);
  strictEqual(rejoin(CloseCode.CANCELLED, CloseReason.CANCELLED), false);
  strictEqual(rejoin(CloseCode.REVOKED, CloseReason.REVOKED), false);
  strictEqual(rejoin(CloseCode.DECLINED, CloseReason.DECLINED), false);
  strictEqual(rejoin(CloseCode.SIGNED_OUT, CloseReason.SIGNED_OUT), false);
  strictEqual(rejoin(CloseCode.VERSION, CloseReason.VERSION), false, "reload instead");
  strictEqual(rejoin(CloseCode.POLICY, CloseReason.EXPIRED), false);
  strictEqual(canRejoin({ closedWith: null }), false);
});
