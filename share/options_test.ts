import assert from "node:assert/strict";
import {
  LOCALTUNNEL_DEFAULT_HOST,
  readShareOptions,
  ShareConfigError,
  sshHost,
  sshPublicUrl,
} from "./options.ts";

Deno.test("share options: localtunnel by default, on its public server", () => {
  assert.deepEqual(readShareOptions({}, [], 8000), {
    kind: "localtunnel",
    host: LOCALTUNNEL_DEFAULT_HOST,
    subdomain: undefined,
  });
});

Deno.test("share options: --host and --subdomain for a self-hosted localtunnel server", () => {
  const opts = readShareOptions(
    {},
    ["--host", "https://lt.example.com/", "--subdomain=ada-desk"],
    1,
  );
  assert.deepEqual(opts, {
    kind: "localtunnel",
    host: "https://lt.example.com",
    subdomain: "ada-desk",
  });
  assert.throws(() => readShareOptions({}, ["--host", "ftp://x"], 1), ShareConfigError);
  assert.throws(() => readShareOptions({}, ["--host"], 1), /--host needs a value/);
  assert.throws(() => readShareOptions({}, ["--subdomain", "A!"], 1), ShareConfigError);
  assert.throws(() => readShareOptions({}, ["--port", "1"], 1), /unknown argument/);
});

Deno.test("share options: SHARE_SSH opens an SSH tunnel on the app's port by default", () => {
  const env = { SHARE_SSH: "ada@203.0.113.5", SHARE_SSH_OPTIONS: " -i key  -p 2222 " };
  const opts = readShareOptions(env, [], 8000);
  assert.deepEqual(opts, {
    kind: "ssh",
    destination: "ada@203.0.113.5",
    sshOptions: ["-i", "key", "-p", "2222"],
    remotePort: 8000,
    publicUrl: undefined,
  });
  assert.equal(sshPublicUrl(opts as never, 8000), "http://203.0.113.5:8000");
  const proxied = readShareOptions(
    { ...env, SHARE_REMOTE_PORT: "0", SHARE_PUBLIC_URL: "https://meet.example.com/" },
    [],
    8000,
  );
  assert.equal(proxied.kind === "ssh" && proxied.remotePort, 0);
  assert.equal(sshPublicUrl(proxied as never, 41234), "https://meet.example.com");
});

Deno.test("share options: bad SSH settings are refused with what to do", () => {
  assert.throws(() => readShareOptions({ SHARE_SSH: "-oProxyCommand=x" }, [], 1), /SHARE_SSH/);
  assert.throws(() => readShareOptions({ SHARE_SSH: "a b" }, [], 1), /SHARE_SSH_OPTIONS/);
  assert.throws(
    () => readShareOptions({ SHARE_SSH: "a@b", SHARE_REMOTE_PORT: "70000" }, [], 1),
    /SHARE_REMOTE_PORT/,
  );
  assert.throws(
    () => readShareOptions({ SHARE_SSH: "a@b", SHARE_PUBLIC_URL: "meet.example.com" }, [], 1),
    /SHARE_PUBLIC_URL/,
  );
  assert.throws(() => readShareOptions({ SHARE_SSH: "a@b" }, ["--host", "https://x"], 1));
  assert.throws(
    () => readShareOptions({ SHARE_PUBLIC_URL: "https://x" }, [], 1),
    /SHARE_PUBLIC_URL is for the SSH tunnel/,
  );
});

Deno.test("share options: the host of every ssh destination form", () => {
  assert.equal(sshHost("ada@host.example"), "host.example");
  assert.equal(sshHost("ssh://ada@host.example:2222"), "host.example");
  assert.equal(sshHost("myalias"), "myalias");
});
