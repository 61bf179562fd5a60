/**
 * Steps shared by the browser call tests: sign in as the professional,
 * create an appointment starting now, open the client link, and read real
 * media facts (video size, inbound RTP bytes, candidate pair type) from the
 * pages' RTCPeerConnections.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import type { AppProcess } from "./app_process.ts";

/** Records every RTCPeerConnection a page creates, for getStats() in tests. */
export const RECORD_PEER_CONNECTIONS = `
  (() => {
    const Original = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = class extends Original {
      constructor(...args) { super(...args); window.__pcs.push(this); }
    };
  })();
`;

/** Every camera and microphone track `getUserMedia` handed the page (`__localTracks`). */
export const RECORD_LOCAL_TRACKS = `
  (() => {
    const md = navigator.mediaDevices;
    if (!md) return;
    const original = md.getUserMedia.bind(md);
    window.__localTracks = [];
    md.getUserMedia = async (...args) => {
      const stream = await original(...args);
      window.__localTracks.push(...stream.getTracks());
      return stream;
    };
  })();
`;

/** A new context whose pages record their peer connections and camera/microphone tracks. */
export async function newCallContext(
  browser: Browser,
  opts: Parameters<Browser["newContext"]>[0] = {},
): Promise<BrowserContext> {
  const ctx = await browser.newContext(opts);
  await ctx.addInitScript(RECORD_PEER_CONNECTIONS);
  await ctx.addInitScript(RECORD_LOCAL_TRACKS);
  return ctx;
}

/**
 * The kinds of the camera and microphone tracks of `page` still live (the camera light on): an
 * empty list once they are all stopped. Needs a page of {@linkcode newCallContext}.
 */
export function liveLocalTracks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __localTracks: MediaStreamTrack[] }).__localTracks
      .filter((t) => t.readyState === "live").map((t) => t.kind).sort()
  );
}

/** Opens `url` (a printed link) on `app`'s origin in `page`. */
export async function openLink(page: Page, app: AppProcess, link: string): Promise<void> {
  const u = new URL(link);
  await page.goto(`${app.url}${u.pathname}${u.search}`);
}

/** Signs the professional in with the first start's printed dashboard link. */
export async function proFromPrintedLink(page: Page, app: AppProcess): Promise<void> {
  const printed = await app.waitForOutput(/Dashboard link: \S+/);
  await openLink(page, app, printed.replace("Dashboard link: ", ""));
  await page.waitForURL(`${app.url}/dashboard`);
}

/** Creates an appointment starting now through the dashboard form; returns its client link. */
export async function createAppointmentNow(pro: Page, clientName: string): Promise<string> {
  await pro.goto(new URL("/dashboard", pro.url()).href);
  await pro.getByLabel("Client's name").fill(clientName);
  const now = await pro.evaluate(() => {
    const d = new Date();
    d.setSeconds(0, 0);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${
      pad(d.getMinutes())
    }`;
  });
  await pro.getByLabel("Starts at").fill(now);
  await pro.getByLabel(/Duration/).fill("30");
  await pro.getByRole("button", { name: "Create appointment" }).click();
  await pro.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]+$/);
  return await pro.locator(".copy-link-url").inputValue();
}

/**
 * The professional signed in (with `initScript` in their context), an appointment with
 * `clientName` starting now, the client (with `clientInitScript` in theirs) in the waiting room,
 * and the professional's dashboard showing them waiting.
 */
export async function clientWaiting(
  browser: Browser,
  app: AppProcess,
  { clientName, initScript = [], clientInitScript = [] }: {
    clientName: string;
    initScript?: string | string[];
    clientInitScript?: string | string[];
  },
) {
  const proCtx = await newCallContext(browser);
  for (const script of [initScript].flat()) await proCtx.addInitScript(script);
  const pro = await proCtx.newPage();
  await proFromPrintedLink(pro, app);
  const link = await createAppointmentNow(pro, clientName);
  const apptId = new URL(pro.url()).pathname.split("/").pop()!;
  await pro.goto(`${app.url}/dashboard`);
  const clientCtx = await newCallContext(browser);
  for (const script of [clientInitScript].flat()) await clientCtx.addInitScript(script);
  const client = await clientCtx.newPage();
  await openLink(client, app, link);
  await client.getByTestId("join").click();
  await client.getByTestId("waiting-room").waitFor();
  const banner = pro.getByTestId("waiting-banner");
  await banner.waitFor();
  return {
    proCtx,
    pro,
    clientCtx,
    client,
    banner,
    callPath: `/dashboard/appointments/${apptId}/call`,
  };
}

/** Waits until the page's remote video shows frames; returns its width. */
export async function waitForRemoteVideo(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return v && v.videoWidth > 0 ? v.videoWidth : false;
    },
    undefined,
    { timeout: 30_000 },
  );
  return await handle.jsonValue() as number;
}

/** Total inbound RTP bytes of `kind` on the page's newest peer connection. */
export function inboundBytes(page: Page, kind: "video" | "audio" = "video"): Promise<number> {
  return page.evaluate(async (kind) => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const pc = pcs[pcs.length - 1];
    let bytes = 0;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === kind) bytes += r.bytesReceived ?? 0;
    });
    return bytes;
  }, kind);
}

/** Waits until inbound bytes grow past `than` (media is flowing). */
export async function waitForBytesToGrow(page: Page, than: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await inboundBytes(page);
    if (now > than) return now;
    if (Date.now() > deadline) throw new Error(`inbound bytes stuck at ${now}`);
    await page.waitForTimeout(200);
  }
}

/** The type of the selected ICE candidate pair's local candidate (host, srflx, relay). */
export function selectedCandidateType(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const stats = await pcs[pcs.length - 1].getStats();
    let pairId: string | undefined;
    stats.forEach((r) => {
      if (r.type === "transport" && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    return pair ? stats.get(pair.localCandidateId)?.candidateType ?? null : null;
  });
}

/**
 * How many ICE candidates the page's newest peer connection gathered in each media section of its
 * local description (audio, video, chat…), in order.
 */
export function candidatesPerSection(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const sdp = pcs[pcs.length - 1].localDescription?.sdp ?? "";
    return sdp.split(/^m=/m).slice(1).map((section) =>
      section.match(/^a=candidate:/gm)?.length ?? 0
    );
  });
}

/** Reads a property of the page's newest peer connection's sender track of `kind`. */
export function senderTrack(page: Page, kind: "audio" | "video") {
  return page.evaluate((kind) => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    const pc = pcs[pcs.length - 1];
    const t = pc.getSenders().find((s) => s.track?.kind === kind)?.track;
    return t ? { enabled: t.enabled, deviceId: t.getSettings().deviceId, label: t.label } : null;
  }, kind);
}

/** The professional's "End for everyone", confirmed in its dialog, on `scope` (a page or the call dialog). */
export async function endForEveryone(scope: Page | Locator): Promise<void> {
  await scope.getByTestId("end-for-everyone").click();
  await scope.getByTestId("end-confirm").waitFor();
  await scope.getByTestId("end-confirm-button").click();
}

/** Participant `id`'s tile on `page`'s call stage ("client", "pro", "guest:…"). */
export function tileOf(page: Page, id: string): Locator {
  return page.locator(`.call-stage [data-participant="${id}"]`);
}

/** Opens the call stage's settings panel (the device menus) unless it is open. */
export async function openCallSettings(page: Page): Promise<void> {
  if (await page.locator("#call-settings").isHidden()) await page.getByTestId("settings").click();
  await page.locator("#call-settings").waitFor();
}
