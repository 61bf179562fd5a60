import assert from "node:assert/strict";
import {
  iceServersFor,
  MAX_TURN_CREDENTIAL_MS,
  turnExpirySeconds,
  turnPassword,
} from "./ice_servers.ts";

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const HOUR = 60 * 60 * 1000;
const withTurn = {
  stunUrls: ["stun:stun.example.org:3478"],
  turnUrls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
  turnSecret: "s3cret with spaces & $ymbols",
};

/** The same password computed by `openssl dgst -sha1 -hmac`, as coturn's docs do it. */
async function opensslPassword(secret: string, username: string): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command("sh", {
    args: [
      "-c",
      'printf %s "$TURN_USER" | openssl dgst -sha1 -hmac "$TURN_SECRET" -binary | base64',
    ],
    env: { TURN_USER: username, TURN_SECRET: secret },
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return new TextDecoder().decode(stdout).trim();
}

Deno.test("turnPassword matches the RFC 2202 HMAC-SHA1 vector", async () => {
  assert.equal(
    await turnPassword("Jefe", "what do ya want for nothing?"),
    "7/zfauXrL6LSdBbV8YTfnCWafHk=",
  );
});

Deno.test("iceServersFor: TURN password equals openssl's HMAC-SHA1 of the username", async () => {
  const servers = await iceServersFor(withTurn, "participant-42", NOW + 2 * HOUR, NOW);
  const turn = servers[1];
  assert.equal(turn.username, `${(NOW + 2 * HOUR) / 1000}:participant-42`);
  assert.equal(turn.credential, await opensslPassword(withTurn.turnSecret, turn.username!));
});

Deno.test("iceServersFor: STUN as-is, then TURN with credentials", async () => {
  const servers = await iceServersFor(withTurn, "p1", NOW + HOUR, NOW);
  assert.equal(servers.length, 2);
  assert.deepEqual(servers[0], { urls: withTurn.stunUrls });
  assert.deepEqual(servers[1].urls, withTurn.turnUrls);
  assert.match(servers[1].credential!, /^[A-Za-z0-9+/]{27}=$/);
});

Deno.test("iceServersFor: no TURN entry when TURN_URLS is unset", async () => {
  const servers = await iceServersFor(
    { stunUrls: ["stun:a.example:3478"], turnUrls: [], turnSecret: "x" },
    "p1",
    NOW + HOUR,
    NOW,
  );
  assert.deepEqual(servers, [{ urls: ["stun:a.example:3478"] }]);
  assert.deepEqual(await iceServersFor({ stunUrls: [], turnUrls: [] }, "p1", NOW + HOUR, NOW), []);
});

Deno.test("iceServersFor: expiry is the join-window end, capped to 24 h from now", async () => {
  const soon = await iceServersFor(withTurn, "p1", NOW + 90 * 60 * 1000, NOW);
  assert.equal(soon[1].username, `${(NOW + 90 * 60 * 1000) / 1000}:p1`);
  const far = await iceServersFor(withTurn, "p1", NOW + 7 * 24 * HOUR, NOW);
  assert.equal(far[1].username, `${(NOW + MAX_TURN_CREDENTIAL_MS) / 1000}:p1`);
});

Deno.test("iceServersFor: no TURN once the window has closed", async () => {
  const servers = await iceServersFor(withTurn, "p1", NOW - 1, NOW);
  assert.deepEqual(servers, [{ urls: withTurn.stunUrls }]);
  assert.deepEqual(await iceServersFor(withTurn, "p1", NOW, NOW), [{ urls: withTurn.stunUrls }]);
});

Deno.test("turnExpirySeconds rounds down to whole seconds and refuses non-finite times", () => {
  assert.equal(turnExpirySeconds(NOW + 1999, NOW), (NOW + 1000) / 1000);
  assert.throws(() => turnExpirySeconds(NaN, NOW), TypeError);
  assert.throws(() => turnExpirySeconds(Infinity, NOW), TypeError);
});

Deno.test("iceServersFor refuses participant ids that would break the username", async () => {
  for (const bad of ["", "a:b", "has space", "new\nline", "x".repeat(129)]) {
    await assert.rejects(iceServersFor(withTurn, bad, NOW + HOUR, NOW), TypeError, bad);
  }
});
