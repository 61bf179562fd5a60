/**
 * The shipped coturn template, run for real: coturn refuses to relay to loopback, private,
 * link-local, metadata and IPv4-mapped addresses, accepts public ones, and rejects bad
 * credentials. A test-only relaxed config shows the checks can fail (and that relaying works).
 *
 * Nothing leaves the machine: coturn listens and relays on loopback only, uclient only asks
 * coturn for permissions (`-n 0`: no data), and data is sent only to our own 127.0.0.1 echo peer.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { iceServersFor, turnPassword } from "../web/ice_servers.ts";
import { type Coturn, runUclient, startCoturn } from "./helpers/coturn.ts";

const FORBIDDEN = "channel bind: error 403 (Forbidden IP)";
const HOUR = 60 * 60 * 1000;

/** REST credentials for `coturn`, exactly as the app hands them to a browser. */
async function credentials(coturn: Coturn, participantId = "participant-1") {
  const servers = await iceServersFor(
    { stunUrls: [], turnUrls: [`turn:127.0.0.1:${coturn.port}`], turnSecret: coturn.secret },
    participantId,
    Date.now() + HOUR,
  );
  const { username, credential } = servers[0];
  return { username: username!, password: credential! };
}

/**
 * Peers the template must refuse, with the range coturn names in its log. null: coturn's built-in
 * checks (loopback, 0.0.0.0/8) answer first; the template denies them too.
 */
const DENIED: [peer: string, range: string | null][] = [
  ["127.0.0.1", null],
  ["10.0.0.1", "10.0.0.0-10.255.255.255"],
  ["192.168.1.1", "192.168.0.0-192.168.255.255"],
  ["169.254.169.254", "169.254.0.0-169.254.255.255"],
  ["172.16.0.1", "172.16.0.0-172.31.255.255"],
  ["100.64.0.1", "100.64.0.0-100.127.255.255"],
  ["0.1.2.3", null],
  ["::ffff:127.0.0.1", "::ffff:0.0.0.0-::ffff:255.255.255.255"],
  ["::ffff:10.0.0.1", "::ffff:0.0.0.0-::ffff:255.255.255.255"],
  ["::ffff:169.254.169.254", "::ffff:0.0.0.0-::ffff:255.255.255.255"],
  ["::1", null],
  ["fd00::1", "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  ["fe80::1", "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
];

Deno.test("shipped template: coturn refuses special-purpose peers, allows public ones", async (t) => {
  const coturn = await startCoturn();
  try {
    // One participant per run: uclient exits without freeing its allocations, and the template's
    // user-quota counts them per username.
    let participant = 0;
    const fresh = () => credentials(coturn, `participant-${++participant}`);
    for (const [peer, range] of DENIED) {
      await t.step(`refuses ${peer}`, async () => {
        const { username, password } = await fresh();
        const run = await runUclient({ port: coturn.port, username, password, peer, messages: 0 });
        assert.ok(run.output.includes(FORBIDDEN), run.output);
        assert.notEqual(run.code, 0);
        if (range !== null) {
          assert.ok(
            coturn.output().includes(`A peer IP ${peer} denied in the range: ${range}`),
            coturn.output(),
          );
        }
      });
    }
    // Guards against a deny range that swallows everything (coturn reads "::-…" as unbounded).
    // -n 0: uclient binds a channel and sends nothing, and the relay is on loopback anyway.
    for (const peer of ["8.8.8.8", "2001:4860:4860::8888"]) {
      await t.step(`allows the public address ${peer}`, async () => {
        const { username, password } = await fresh();
        const run = await runUclient({ port: coturn.port, username, password, peer, messages: 0 });
        assert.ok(!run.output.includes("Forbidden"), run.output);
        assert.equal(run.code, 0, run.output);
      });
    }
  } finally {
    await coturn.stop();
  }
});

Deno.test("template ranges alone refuse loopback, even with allow-loopback-peers", async (t) => {
  // allow-loopback-peers turns off coturn's built-in loopback check: the ranges must hold.
  const coturn = await startCoturn({ allowLoopbackPeers: true });
  try {
    const cases = [
      ["127.0.0.1", "127.0.0.0-127.255.255.255"],
      ["::1", "::1-::ffff:ffff"],
    ];
    for (const [peer, range] of cases) {
      await t.step(peer, async () => {
        const { username, password } = await credentials(coturn, `p-${peer.replace(/:/g, "_")}`);
        const run = await runUclient({ port: coturn.port, username, password, peer, messages: 0 });
        assert.ok(run.output.includes(FORBIDDEN), run.output);
        assert.ok(coturn.output().includes(`A peer IP ${peer} denied in the range: ${range}`));
      });
    }
  } finally {
    await coturn.stop();
  }
});

Deno.test("control: a test-only config allowing 127.0.0.1 relays to it (no Forbidden)", async () => {
  const echo = dgram.createSocket("udp4");
  const received: string[] = [];
  echo.on("message", (msg: Uint8Array, from: { address: string; port: number }) => {
    received.push(from.address);
    echo.send(msg, from.port, from.address);
  });
  await new Promise<void>((resolve) => echo.bind(0, "127.0.0.1", resolve));
  const coturn = await startCoturn({ allowLoopbackPeers: true, allowedPeerIps: ["127.0.0.1"] });
  try {
    const { username, password } = await credentials(coturn);
    const run = await runUclient({
      port: coturn.port,
      username,
      password,
      peer: "127.0.0.1",
      peerPort: echo.address().port,
      messages: 1,
    });
    assert.ok(!run.output.includes("Forbidden"), run.output);
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /tot_send_msgs=1, tot_recv_msgs=1/);
    assert.deepEqual(received, ["127.0.0.1"]);
  } finally {
    await coturn.stop();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  }
});

Deno.test("coturn rejects a wrong password and an expired credential with 401", async (t) => {
  const coturn = await startCoturn({ verbose: true });
  try {
    const good = await credentials(coturn);
    const unauthorized = (user: string) =>
      `user <${user}>: incoming packet message processed, error 401: Unauthorized`;
    const attempt = (username: string, password: string) =>
      runUclient({ port: coturn.port, username, password, peer: "10.0.0.1", messages: 0 });

    await t.step("control: the right credential gets past authentication", async () => {
      const run = await attempt(good.username, good.password);
      assert.ok(run.output.includes(FORBIDDEN), run.output);
      assert.ok(!coturn.output().includes(unauthorized(good.username)));
    });
    await t.step("wrong password", async () => {
      const run = await attempt(
        good.username,
        good.password.replace(/^./, (c) => c === "A" ? "B" : "A"),
      );
      assert.ok(run.output.includes("ERROR: Cannot complete Allocation"), run.output);
      assert.ok(!run.output.includes("channel bind"), run.output);
      assert.ok(coturn.output().includes(unauthorized(good.username)), coturn.output());
    });
    await t.step("expired credential with a correct HMAC", async () => {
      const username = `${Math.floor(Date.now() / 1000) - 60}:participant-2`;
      const run = await attempt(username, await turnPassword(coturn.secret, username));
      assert.ok(run.output.includes("ERROR: Cannot complete Allocation"), run.output);
      assert.ok(coturn.output().includes(unauthorized(username)), coturn.output());
    });
  } finally {
    await coturn.stop();
  }
});
