/**
 * A TLS-terminating TCP proxy on the lab's public host, standing where a person sharing through
 * SSH would put Caddy or nginx: it accepts https:// on 203.0.113.1:443 with a test certificate
 * (`tls_cert.ts`) and passes the bytes, unchanged, to the SSH-forwarded port on the public host's
 * loopback. It runs as its own Deno process inside the public namespace (this module is also
 * its entry point), so it binds the lab's address without anything in the host's namespace.
 */
import type { Lab } from "./lab.ts";
import { PUBLIC_ADDRESS } from "./lab.ts";
import type { TestCert } from "./tls_cert.ts";
import { within } from "../../utils/within.ts";

/** A running proxy. */
export interface TlsProxy {
  /** `https://203.0.113.1` */
  url: string;
  stop(): Promise<void>;
}

/** Starts the proxy in `lab`'s public namespace: :443 with `cert` → 127.0.0.1:`targetPort`. */
export async function startTlsProxy(
  lab: Lab,
  cert: TestCert,
  targetPort: number,
): Promise<TlsProxy> {
  const child = new Deno.Command("ip", {
    args: [
      ...["netns", "exec", lab.publicNs, Deno.execPath(), "run", "-A", import.meta.filename!],
      ...[PUBLIC_ADDRESS, cert.certFile, cert.keyFile, String(targetPort)],
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const first = await within(reader.read(), 20_000);
  const stop = async () => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    await reader.cancel().catch(() => {});
  };
  if (!first) {
    await stop();
    throw new Error("the TLS proxy did not start");
  }
  return { url: `https://${PUBLIC_ADDRESS}`, stop };
}

async function pipe(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  try {
    await from.readable.pipeTo(to.writable);
  } catch { /* one side went away */ }
}

if (import.meta.main) {
  const [hostname, certFile, keyFile, port] = Deno.args;
  const listener = Deno.listenTls({
    hostname,
    port: 443,
    cert: Deno.readTextFileSync(certFile),
    key: Deno.readTextFileSync(keyFile),
  });
  console.log("listening");
  for await (const conn of listener) {
    Deno.connect({ hostname: "127.0.0.1", port: Number(port) }).then(
      (upstream) => Promise.all([pipe(conn, upstream), pipe(upstream, conn)]),
      () => conn.close(),
    ).catch(() => {});
  }
}
