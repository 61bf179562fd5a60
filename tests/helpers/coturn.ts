/**
 * Runs a real coturn (`turnserver`) for tests: the shipped template rendered with a random secret
 * on a free loopback port, ready once it answers a STUN Binding request, and stopped for sure.
 * Also runs coturn's own TURN client, `turnutils_uclient`, against it.
 */
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import { writeTurnConfigFile } from "../../turn/config_file.ts";
import { renderTurnConfig, TEMPLATE_URL } from "../../turn/render_config.ts";

/** Options for {@linkcode startCoturn}. */
export interface CoturnOptions {
  /** Relay addresses; default 127.0.0.1 and ::1 (the IPv6 relay lets IPv6 peers be tried). */
  relayIps?: string[];
  /** TEST ONLY: append `allow-loopback-peers` (coturn's built-in loopback refusal off). */
  allowLoopbackPeers?: boolean;
  /** TEST ONLY: append `allowed-peer-ip=` lines, which win over the template's denied ranges. */
  allowedPeerIps?: string[];
  /** TEST ONLY: append `verbose` (logs every request and its error code). */
  verbose?: boolean;
  /** Listen on this address instead of 127.0.0.1 (the network lab's public address). */
  listeningIp?: string;
  /** Run inside this network namespace (`ip netns exec`); readiness is probed from inside it. */
  netns?: string;
  /** Fixed port (inside a lab namespace nothing else listens); a free loopback port otherwise. */
  port?: number;
  /** The shared secret (a restarted coturn keeps the app's); a random one otherwise. */
  secret?: string;
  /** A TLS listener (`turns:`) with this certificate and key on this port. */
  tls?: { certFile: string; keyFile: string; port: number };
}

/** A running coturn. */
export interface Coturn {
  port: number;
  secret: string;
  realm: string;
  /** Everything coturn printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; removes the config directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts coturn on 127.0.0.1 and resolves once it answers STUN. */
export async function startCoturn(opts: CoturnOptions = {}): Promise<Coturn> {
  const secret = opts.secret ?? randomBytes(24).toString("base64");
  const realm = "frontdesk.test";
  const port = opts.port ?? await freeLoopbackPort();
  const listeningIp = opts.listeningIp ?? "127.0.0.1";
  const minPort = 20000 + Math.floor(Math.random() * 90) * 100; // outside Linux's ephemeral range
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-coturn-test-" });
  let text = renderTurnConfig(await Deno.readTextFile(TEMPLATE_URL), {
    secret,
    realm,
    port,
    listeningIps: [listeningIp],
    relayIps: opts.relayIps ?? ["127.0.0.1", "::1"],
    minPort,
    maxPort: minPort + 99,
    pidFile: `${dir}/turnserver.pid`,
    tls: opts.tls,
  });
  const testOnly = [
    ...(opts.allowLoopbackPeers ? ["allow-loopback-peers"] : []),
    ...(opts.allowedPeerIps ?? []).map((ip) => `allowed-peer-ip=${ip}`),
    ...(opts.verbose ? ["verbose"] : []),
  ];
  if (testOnly.length > 0) text += `\n# TEST ONLY\n${testOnly.join("\n")}\n`;
  const configFile = await writeTurnConfigFile(dir, text);

  const wrap = opts.netns ? ["ip", "netns", "exec", opts.netns] : [];
  const [program, ...args] = [...wrap, "turnserver", "-c", configFile];
  const child = new Deno.Command(program, {
    args,
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) log += decoder.decode(chunk, { stream: true });
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    stopped ??= (async () => {
      if (!exited) child.kill("SIGTERM");
      const timer = setTimeout(() => exited || child.kill("SIGKILL"), 5000);
      await status;
      clearTimeout(timer);
      await pumps;
      await Deno.remove(dir, { recursive: true });
    })();

  const deadline = Date.now() + 10_000;
  const ready = opts.netns
    ? () => stunAnswersIn(opts.netns!, listeningIp, port)
    : () => stunAnswers(port);
  while (!(await ready())) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`coturn did not start on ${listeningIp}:${port}:\n${log}`);
    }
  }
  return { port, secret, realm, output: () => log, stop };
}

/** A port free for both UDP and TCP on 127.0.0.1 (coturn listens on both). */
export async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const port = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
      return port;
    } catch {
      // TCP side taken: try another
    }
  }
  throw new Error("no free loopback port");
}

/**
 * Sends one STUN Binding request (RFC 5389: a bare 20-byte header) to 127.0.0.1:`port`;
 * true when a Binding success response with our transaction id comes back within 300 ms.
 */
export async function stunAnswers(port: number): Promise<boolean> {
  const transactionId = randomBytes(12);
  const request = new Uint8Array(20);
  const view = new DataView(request.buffer);
  view.setUint16(0, 0x0001); // Binding request
  view.setUint16(2, 0); // no attributes
  view.setUint32(4, 0x2112a442); // magic cookie
  request.set(transactionId, 8);
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.on("message", (msg: Uint8Array) => {
        const ok = msg.length >= 20 && msg[0] === 0x01 && msg[1] === 0x01 &&
          transactionId.every((b, i) => msg[8 + i] === b);
        if (ok) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      socket.on("error", () => {});
      socket.send(request, port, "127.0.0.1");
    });
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

/** Like {@linkcode stunAnswers} from inside namespace `ns`, with coturn's `turnutils_stunclient`. */
async function stunAnswersIn(ns: string, ip: string, port: number): Promise<boolean> {
  const { success } = await new Deno.Command("ip", {
    args: ["netns", "exec", ns, "turnutils_stunclient", "-p", String(port), ip],
    stdin: "null",
    stdout: "null",
    stderr: "null",
    signal: AbortSignal.timeout(2000),
  }).output().catch(() => ({ success: false }));
  if (!success) await new Promise((r) => setTimeout(r, 200));
  return success;
}

/** What one `turnutils_uclient` run printed. */
export interface UclientResult {
  code: number;
  output: string;
}

/**
 * Runs `turnutils_uclient -p PORT -u USER -w PASS -e PEER [-r PEER_PORT] -n MESSAGES -c
 * 127.0.0.1`: one allocation, channel binds to PEER (and PEER_PORT+1), then MESSAGES datagrams.
 * Not `-y`: in client-to-client mode uclient binds to its own second relay and ignores `-e`.
 * With `messages: 0` nothing is ever sent to the peer, whatever the server allows.
 */
export async function runUclient(opts: {
  port: number;
  username: string;
  password: string;
  peer: string;
  peerPort?: number;
  messages: number;
}): Promise<UclientResult> {
  const args = ["-p", String(opts.port), "-u", opts.username, "-w", opts.password];
  args.push("-e", opts.peer, "-n", String(opts.messages), "-c");
  if (opts.peerPort !== undefined) args.push("-r", String(opts.peerPort));
  args.push("127.0.0.1");
  const { code, stdout, stderr } = await new Deno.Command("turnutils_uclient", {
    args,
    stdin: "null",
    signal: AbortSignal.timeout(20_000),
  }).output();
  const decoder = new TextDecoder();
  return { code, output: decoder.decode(stdout) + decoder.decode(stderr) };
}
