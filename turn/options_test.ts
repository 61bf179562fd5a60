import assert from "node:assert/strict";
import { turnOptionsFromEnv } from "./options.ts";
import { TurnConfigError } from "./render_config.ts";

const config = { turnSecret: "a-long-enough-test-secret", publicUrl: undefined };

Deno.test("turnOptionsFromEnv: defaults listen and relay on 127.0.0.1:3478", () => {
  const opts = turnOptionsFromEnv(config, {}, "/tmp/t.pid");
  assert.deepEqual(opts, {
    secret: config.turnSecret,
    realm: "frontdesk",
    port: 3478,
    listeningIps: ["127.0.0.1"],
    relayIps: ["127.0.0.1"],
    externalIp: undefined,
    minPort: 49152,
    maxPort: 65535,
    pidFile: "/tmp/t.pid",
    tls: undefined,
  });
});

Deno.test("turnOptionsFromEnv reads every TURN_* variable", () => {
  const opts = turnOptionsFromEnv({ ...config, publicUrl: "https://meet.example.org" }, {
    TURN_PORT: "3479",
    TURN_LISTEN_IP: "0.0.0.0",
    TURN_RELAY_IP: "10.0.0.5",
    TURN_EXTERNAL_IP: "203.0.113.5/10.0.0.5",
    TURN_MIN_PORT: "40000",
    TURN_MAX_PORT: "40100",
    TURN_CERT: "/c.pem",
    TURN_PKEY: "/k.pem",
  }, "/tmp/t.pid");
  assert.equal(opts.realm, "meet.example.org");
  assert.equal(opts.port, 3479);
  assert.deepEqual(opts.listeningIps, []);
  assert.deepEqual(opts.relayIps, ["10.0.0.5"]);
  assert.equal(opts.externalIp, "203.0.113.5/10.0.0.5");
  assert.deepEqual([opts.minPort, opts.maxPort], [40000, 40100]);
  assert.deepEqual(opts.tls, { certFile: "/c.pem", keyFile: "/k.pem", port: 5349 });
  assert.equal(turnOptionsFromEnv(config, { TURN_REALM: "r.example" }, "/p").realm, "r.example");
});

Deno.test("turnOptionsFromEnv refuses a missing secret, half TLS and bad numbers", () => {
  assert.throws(() => turnOptionsFromEnv({ publicUrl: undefined }, {}, "/p"), /TURN_SECRET/);
  assert.throws(() => turnOptionsFromEnv(config, { TURN_CERT: "/c.pem" }, "/p"), TurnConfigError);
  assert.throws(() => turnOptionsFromEnv(config, { TURN_PORT: "x" }, "/p"), /TURN_PORT/);
});
