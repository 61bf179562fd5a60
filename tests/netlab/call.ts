/**
 * A professional–client call across the lab: Frontdesk and (optionally) coturn in the public
 * namespace, the professional's Chromium in client network 1 and the client's in network 2,
 * through the real pages. Measures the time from the professional opening the call page to the
 * first remote frame on each side, and reads the selected ICE candidate pairs.
 */
import type { Browser, Page } from "playwright-core";
import { type AppProcess, startApp } from "../helpers/app_process.ts";
import { type Coturn, startCoturn } from "../helpers/coturn.ts";
import { createAppointmentNow, newCallContext, openLink } from "../helpers/call_flow.ts";
import { launchBrowserIn } from "./browser.ts";
import { makeTestCert, type TestCert } from "./tls_cert.ts";
import { type ClientNet, type ClientOptions, createLab, type Lab, PUBLIC_ADDRESS } from "./lab.ts";

/** coturn's port inside the public namespace (nothing else listens there). */
export const TURN_PORT = 3478;

/** What the lab call uses for ICE. */
export interface LabIce {
  /** Run coturn and offer it as STUN (`stun:203.0.113.1:3478`). */
  stun?: boolean;
  /**
   * TURN transport offered to the browsers; no TURN when absent. `tls` is `turns:` on port 443
   * with a certificate from a throwaway CA (`tls_cert.ts`) that the lab's browsers trust.
   */
  turn?: "udp" | "tcp" | "tls";
}

/** coturn's TLS port in the lab: 443, what firewalls let out. */
export const TURNS_PORT = 443;

/** The servers of one lab call, stopped by {@linkcode LabServers.stop}. */
export interface LabServers {
  app: AppProcess;
  coturn?: Coturn;
  /** Stops coturn (every allocation is lost) and starts it again, same port and secret. */
  restartCoturn(): Promise<void>;
  /** Extra Chromium flags the lab's browsers need (trusting the TLS certificate). */
  browserArgs: string[];
  stop(): Promise<void>;
}

/**
 * coturn in the lab's public namespace on {@linkcode TURN_PORT}. The shipped template refuses
 * documentation ranges as peers, and the lab's "internet" is one: without the allowance every
 * CreatePermission gets 403 Forbidden IP and no relayed pair ever succeeds.
 */
export function startLabCoturn(
  lab: Lab,
  opts: { secret?: string; tls?: { certFile: string; keyFile: string; port: number } } = {},
): Promise<Coturn> {
  return startCoturn({
    ...opts,
    netns: lab.publicNs,
    listeningIp: PUBLIC_ADDRESS,
    relayIps: [PUBLIC_ADDRESS],
    port: TURN_PORT,
    allowedPeerIps: ["203.0.113.0-203.0.113.255"],
  });
}

function tlsOf(cert: TestCert | undefined) {
  return cert && { certFile: cert.certFile, keyFile: cert.keyFile, port: TURNS_PORT };
}

/** Starts coturn (when `ice` needs it) and Frontdesk in the lab's public namespace. */
export async function startLabServers(lab: Lab, ice: LabIce): Promise<LabServers> {
  const cert = ice.turn === "tls" ? await makeTestCert(PUBLIC_ADDRESS) : undefined;
  let coturn = ice.stun || ice.turn
    ? await startLabCoturn(lab, { tls: tlsOf(cert) }).catch(async (err) => {
      await cert?.remove();
      throw err;
    })
    : undefined;
  const env: Record<string, string> = { DEMO: "1", HOSTNAME: PUBLIC_ADDRESS };
  if (ice.stun) env.STUN_URLS = `stun:${PUBLIC_ADDRESS}:${TURN_PORT}`;
  if (ice.turn && coturn) {
    env.TURN_URLS = ice.turn === "tls"
      ? `turns:${PUBLIC_ADDRESS}:${TURNS_PORT}?transport=tcp`
      : `turn:${PUBLIC_ADDRESS}:${TURN_PORT}?transport=${ice.turn}`;
    env.TURN_SECRET = coturn.secret;
  }
  let app: AppProcess;
  try {
    app = await startApp({ env, wrap: ["ip", "netns", "exec", lab.publicNs] });
  } catch (err) {
    await coturn?.stop();
    await cert?.remove();
    throw err;
  }
  const servers: LabServers = {
    app,
    coturn,
    restartCoturn: async () => {
      const secret = coturn!.secret;
      await coturn!.stop();
      coturn = servers.coturn = await startLabCoturn(lab, { secret, tls: tlsOf(cert) });
    },
    browserArgs: cert ? [`--ignore-certificate-errors-spki-list=${cert.spkiHash}`] : [],
    stop: async () => {
      await app.stop().catch(() => {});
      await coturn?.stop();
      await cert?.remove();
    },
  };
  return servers;
}

/** A connected lab call. */
export interface LabCall {
  pro: Page;
  client: Page;
  /** ms from the professional opening the call page to the first remote frame. */
  proFirstFrameMs: number;
  clientFirstFrameMs: number;
}

/** Browsers for the professional (network 1) and the client (network 2). */
export async function labBrowsers(
  nets: [ClientNet, ClientNet],
  servers: LabServers,
): Promise<Browser[]> {
  const origin = new URL(servers.app.url).origin;
  const browsers: Browser[] = [];
  try {
    for (const net of nets) {
      browsers.push(await launchBrowserIn(net.ns, origin, servers.browserArgs));
    }
  } catch (err) {
    await Promise.allSettled(browsers.map((b) => b.close()));
    throw err;
  }
  return browsers;
}

/** ms until `page`'s remote video shows a frame, counted from `since`; throws after `timeoutMs`. */
async function firstFrame(page: Page, since: number, timeoutMs: number): Promise<number> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return v !== null && v.videoWidth > 0;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  return Date.now() - since;
}

/** Signs in, creates an appointment, the client joins and waits, the professional joins. */
export async function startLabCall(
  proBrowser: Browser,
  clientBrowser: Browser,
  app: AppProcess,
  timeoutMs = 30_000,
): Promise<LabCall> {
  const pro = await (await newCallContext(proBrowser)).newPage();
  const printed = await app.waitForOutput(/Dashboard link: \S+/);
  await openLink(pro, app, printed.replace("Dashboard link: ", ""));
  await pro.waitForURL(`${app.url}/dashboard`);
  const link = await createAppointmentNow(pro, "Lab Client");
  const callUrl = pro.url() + "/call";
  const client = await (await newCallContext(clientBrowser)).newPage();
  await openLink(client, app, link);
  await client.getByTestId("join").click();
  await client.getByTestId("waiting-room").waitFor();
  const since = Date.now();
  await pro.goto(callUrl);
  const [proFirstFrameMs, clientFirstFrameMs] = await Promise.all([
    firstFrame(pro, since, timeoutMs),
    firstFrame(client, since, timeoutMs),
  ]);
  return { pro, client, proFirstFrameMs, clientFirstFrameMs };
}

/** A lab with two client networks and the servers, for {@linkcode withLab}'s callback. */
export interface LabRun {
  lab: Lab;
  nets: [ClientNet, ClientNet];
  servers: LabServers;
  proBrowser: Browser;
  clientBrowser: Browser;
}

/**
 * Builds a lab with two client networks (`clients`), starts the servers for `ice` and a
 * Chromium in each network, runs `fn`, and tears everything down whatever happens.
 */
export async function withLab(
  clients: [ClientOptions, ClientOptions],
  ice: LabIce,
  fn: (run: LabRun) => Promise<void>,
): Promise<void> {
  const lab = await createLab();
  try {
    const nets: [ClientNet, ClientNet] = [
      await lab.addClient(clients[0]),
      await lab.addClient(clients[1]),
    ];
    const servers = await startLabServers(lab, ice);
    try {
      const [proBrowser, clientBrowser] = await labBrowsers(nets, servers);
      try {
        await fn({ lab, nets, servers, proBrowser, clientBrowser });
      } finally {
        await proBrowser.close();
        await clientBrowser.close();
      }
    } finally {
      await servers.stop();
    }
  } finally {
    await lab.destroy();
  }
}
