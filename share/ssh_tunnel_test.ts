import assert from "node:assert/strict";
import { readSshLine, sshArgs } from "./ssh_tunnel.ts";

Deno.test("ssh tunnel: the command line puts the user's options first and the destination last", () => {
  const args = sshArgs(
    { kind: "ssh", destination: "ada@host", sshOptions: ["-p", "2222"], remotePort: 8000 },
    { host: "127.0.0.1", port: 8001 },
  );
  assert.deepEqual(args.slice(0, 2), ["-p", "2222"]);
  assert.deepEqual(args.slice(-2), ["--", "ada@host"]);
  for (const o of ["BatchMode=yes", "ExitOnForwardFailure=yes", "ServerAliveInterval=15"]) {
    assert.ok(args.includes(o), o);
  }
  assert.equal(args[args.indexOf("-R") + 1], "*:8000:127.0.0.1:8001");
  const v6 = sshArgs(
    { kind: "ssh", destination: "h", sshOptions: [], remotePort: 0 },
    { host: "::1", port: 8001 },
  );
  assert.equal(v6[v6.indexOf("-R") + 1], "*:0:[::1]:8001");
});

Deno.test("ssh tunnel: ssh's lines tell readiness and the port; debug lines are not shown", () => {
  assert.deepEqual(
    readSshLine("debug1: remote forward success for: listen *:8000, connect 127.0.0.1:8000"),
    { ready: true, show: false },
  );
  assert.deepEqual(readSshLine("Allocated port 41234 for remote forward to 127.0.0.1:8000"), {
    port: 41234,
    show: true,
  });
  assert.deepEqual(readSshLine("debug1: Offering public key: /root/.ssh/id ED25519"), {
    show: false,
  });
  assert.deepEqual(readSshLine("root@host: Permission denied (publickey)."), { show: true });
  assert.deepEqual(readSshLine("OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.19"), { show: false });
});
