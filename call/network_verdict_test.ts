import assert from "node:assert/strict";
import { judgeNetwork, type ServerProbe } from "./network_verdict.ts";
import "./ui/english_words.ts";

const probe = (p: Partial<ServerProbe> = {}): ServerProbe => ({
  srflx: 0,
  relay: 0,
  complete: false,
  errors: [],
  ...p,
});
/** STUN that answered (gathering finished), STUN that never answered, TURN with and without. */
const stunOk = probe({ complete: true });
const stunSilent = probe();
const turnOk = probe({ relay: 1, complete: true });
const turnSilent = probe();

Deno.test("judgeNetwork: nothing configured is not a warning, and says so", () => {
  const v = judgeNetwork({ stun: null, turn: null, relayOnly: false });
  assert.equal(v.kind, "unchecked");
  assert.equal(v.ok, true);
  assert.match(v.text, /directly/);
  assert.match(v.text, /no relay server to check/);
});

Deno.test("judgeNetwork: STUN answers → ready (with or without a relay configured)", () => {
  for (const turn of [null, turnOk]) {
    const v = judgeNetwork({ stun: stunOk, turn, relayOnly: false });
    assert.deepEqual([v.kind, v.ok, v.text], ["ready", true, "Your network is ready."]);
  }
  // A public address counts even if gathering was cut short by the time limit.
  assert.equal(
    judgeNetwork({ stun: probe({ srflx: 1 }), turn: null, relayOnly: false }).kind,
    "ready",
  );
});

Deno.test("judgeNetwork: gathering that finished with an error is not an answer", () => {
  const v = judgeNetwork({
    stun: probe({ complete: true, errors: [701] }),
    turn: null,
    relayOnly: false,
  });
  assert.equal(v.kind, "blocked");
});

Deno.test("judgeNetwork: only TURN answers → the call will be relayed", () => {
  const v = judgeNetwork({ stun: stunSilent, turn: turnOk, relayOnly: false });
  assert.equal(v.kind, "relayed");
  assert.equal(v.ok, true);
  assert.match(v.text, /^Direct calls are blocked here; the call will be relayed\./);
});

Deno.test("judgeNetwork: STUN answers but TURN does not → ready for direct, relay noted", () => {
  const v = judgeNetwork({ stun: stunOk, turn: turnSilent, relayOnly: false });
  assert.equal(v.kind, "ready_no_relay");
  assert.equal(v.ok, true);
  assert.match(v.text, /relay server cannot be reached/);
});

Deno.test("judgeNetwork: nothing answers → a plain warning with what to try", () => {
  for (const turn of [turnSilent, null]) {
    const v = judgeNetwork({ stun: stunSilent, turn, relayOnly: false });
    assert.equal(v.kind, "blocked");
    assert.equal(v.ok, false);
    assert.match(v.text, /may not connect/);
    assert.match(v.text, /Try another network/);
  }
});

Deno.test("judgeNetwork: only TURN configured", () => {
  assert.equal(judgeNetwork({ stun: null, turn: turnOk, relayOnly: false }).kind, "ready");
  const v = judgeNetwork({ stun: null, turn: turnSilent, relayOnly: false });
  assert.equal(v.kind, "relay_unreachable");
  assert.equal(v.ok, false);
  assert.match(v.text, /A direct call may still work; if it does not connect, try another/);
});

Deno.test("judgeNetwork: relay-only site depends on the relay alone", () => {
  assert.equal(judgeNetwork({ stun: stunSilent, turn: turnOk, relayOnly: true }).kind, "ready");
  for (const turn of [turnSilent, null]) {
    const v = judgeNetwork({ stun: stunOk, turn, relayOnly: true });
    assert.equal(v.kind, "blocked");
    assert.equal(v.ok, false);
  }
});
