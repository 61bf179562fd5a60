import assert from "node:assert/strict";
import {
  renderTurnConfig,
  TEMPLATE_URL,
  TurnConfigError,
  type TurnConfigOptions,
} from "./render_config.ts";

const template = await Deno.readTextFile(TEMPLATE_URL);
const base: TurnConfigOptions = {
  secret: "a-long-enough-test-secret",
  realm: "frontdesk.example",
  port: 3478,
  listeningIps: ["127.0.0.1"],
  relayIps: ["127.0.0.1", "::1"],
  minPort: 49152,
  maxPort: 49252,
  pidFile: "/tmp/frontdesk-turn/turnserver.pid",
};

/** The config as `key` or `key=value` lines, comments and blanks dropped. */
function settings(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

Deno.test("renderTurnConfig fills every placeholder", () => {
  const lines = settings(renderTurnConfig(template, base));
  assert.ok(!lines.some((l) => l.includes("${")), "no placeholder left");
  for (
    const expected of [
      "static-auth-secret=a-long-enough-test-secret",
      "realm=frontdesk.example",
      "listening-port=3478",
      "listening-ip=127.0.0.1",
      "relay-ip=127.0.0.1",
      "relay-ip=::1",
      "min-port=49152",
      "max-port=49252",
      "pidfile=/tmp/frontdesk-turn/turnserver.pid",
      "no-tls",
      "no-dtls",
    ]
  ) assert.ok(lines.includes(expected), expected);
  assert.ok(!lines.some((l) => l.startsWith("external-ip")));
});

Deno.test("renderTurnConfig: the shipped template is safe by default", () => {
  const lines = settings(renderTurnConfig(template, base));
  for (
    const required of [
      "use-auth-secret",
      "no-cli",
      "no-tlsv1",
      "no-tlsv1_1",
      "fingerprint",
      "no-multicast-peers",
      "no-tcp-relay",
      "denied-peer-ip=127.0.0.0-127.255.255.255",
      "denied-peer-ip=10.0.0.0-10.255.255.255",
      "denied-peer-ip=172.16.0.0-172.31.255.255",
      "denied-peer-ip=192.168.0.0-192.168.255.255",
      "denied-peer-ip=169.254.0.0-169.254.255.255",
      "denied-peer-ip=100.64.0.0-100.127.255.255",
      "denied-peer-ip=0.0.0.0-0.255.255.255",
      "denied-peer-ip=::ffff:0.0.0.0-::ffff:255.255.255.255",
      "denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ]
  ) assert.ok(lines.includes(required), required);
  for (const prefix of ["user-quota=", "total-quota=", "max-bps=", "stale-nonce="]) {
    assert.ok(lines.some((l) => l.startsWith(prefix)), prefix);
  }
  assert.ok(!lines.some((l) => /^(allow-loopback-peers|allowed-peer-ip|no-auth)\b/.test(l)));
});

Deno.test("renderTurnConfig: no deny range that coturn would read as unbounded", () => {
  // coturn treats an all-zero lower bound as "no bound": "::-x" or a bare "::" denies IPv4 too.
  const denied = settings(renderTurnConfig(template, base))
    .filter((l) => l.startsWith("denied-peer-ip="))
    .map((l) => l.slice("denied-peer-ip=".length));
  for (const range of denied) {
    const [first, last = first] = range.split("-");
    assert.ok(first !== "::" && !(first === "0.0.0.0" && last === "0.0.0.0"), range);
  }
});

Deno.test("renderTurnConfig refuses a secret with a newline or control characters", () => {
  for (const secret of ["good-secret-part\nallow-loopback-peers", "long-enough-secret\r", "a\0"]) {
    assert.throws(() => renderTurnConfig(template, { ...base, secret }), TurnConfigError);
  }
  assert.throws(() => renderTurnConfig(template, { ...base, secret: "short" }), /openssl rand/);
  assert.throws(() => renderTurnConfig(template, { ...base, secret: " padded-secret-value " }));
});

Deno.test("renderTurnConfig refuses values that could add config lines", () => {
  const bad: Partial<TurnConfigOptions>[] = [
    { realm: "x\nallow-loopback-peers" },
    { realm: "two words" },
    { listeningIps: ["127.0.0.1\nallow-loopback-peers"] },
    { relayIps: ["example.org"] },
    { externalIp: "1.2.3.4 5.6.7.8" },
    { pidFile: "/tmp/a\nno-auth" },
    { port: 0 },
    { minPort: 50000, maxPort: 40000 },
  ];
  for (const patch of bad) {
    assert.throws(
      () => renderTurnConfig(template, { ...base, ...patch }),
      TurnConfigError,
      JSON.stringify(patch),
    );
  }
});

Deno.test("renderTurnConfig never emits allow-loopback-peers, even from a tampered template", () => {
  assert.throws(
    () => renderTurnConfig(template + "\nallow-loopback-peers\n", base),
    /must not relax/,
  );
  assert.throws(() => renderTurnConfig(template + "\n${NOPE}\n", base), /unknown placeholder/);
  assert.throws(() => renderTurnConfig("realm=${REALM}\n", base), /template lacks/);
});

Deno.test("renderTurnConfig: external IP and TLS when asked", () => {
  const lines = settings(renderTurnConfig(template, {
    ...base,
    listeningIps: [],
    externalIp: "203.0.113.7/10.0.0.7",
    tls: { certFile: "/etc/ssl/turn.pem", keyFile: "/etc/ssl/turn.key", port: 5349 },
  }));
  assert.ok(lines.includes("external-ip=203.0.113.7/10.0.0.7"));
  assert.ok(lines.includes("tls-listening-port=5349"));
  assert.ok(lines.includes("cert=/etc/ssl/turn.pem") && lines.includes("pkey=/etc/ssl/turn.key"));
  assert.ok(!lines.includes("no-tls") && !lines.some((l) => l.startsWith("listening-ip")));
});
