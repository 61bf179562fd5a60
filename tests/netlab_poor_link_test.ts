/**
 * Issue 20 §2, network lab: a call in progress between two home networks, then the professional's
 * access link turns poor — 1 Mbit/s (tbf), 5 % loss each way (nftables), and 150 ms each way
 * (netem) where the kernel has netem. The call must stay up, the professional's sender must fit
 * the link (what it sends stays under the link's rate, and its bandwidth estimate comes down to
 * the link unless it sends well under it), frames must keep arriving at the client, and the
 * quality bars on the professional's tile in the client's call page must stop showing "good",
 * and hold that (three readings 2 s apart), with the figures behind them in their label.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { labIgnored } from "./netlab/available.ts";
import { startLabCall, withLab } from "./netlab/call.ts";
import { netemAvailable } from "./netlab/lab.ts";
import { recordedStates, recordStates } from "./netlab/ice_stats.ts";

/** The link's rate, kbit/s. */
const RATE_KBIT = 1000;

/** Outbound video: bytes sent, frame size and why the encoder is limited. */
function outboundVideo(page: Page) {
  return page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    let out = { bytes: 0, height: 0, limitation: "", estimateKbps: null as number | null };
    const stats = await pcs[pcs.length - 1].getStats();
    stats.forEach((r) => {
      const pair = r.type === "transport" && r.selectedCandidatePairId
        ? stats.get(r.selectedCandidatePairId)
        : undefined;
      if (typeof pair?.availableOutgoingBitrate === "number") {
        out.estimateKbps = Math.round(pair.availableOutgoingBitrate / 1000);
      }
      if (r.type === "outbound-rtp" && r.kind === "video") {
        out = {
          ...out,
          bytes: out.bytes + (r.bytesSent ?? 0),
          height: Math.max(out.height, r.frameHeight ?? 0),
          limitation: r.qualityLimitationReason ?? "",
        };
      }
    });
    return out;
  });
}

/** Inbound video frames decoded so far. */
function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const pcs = (window as any).__pcs as RTCPeerConnection[];
    let frames = 0;
    (await pcs[pcs.length - 1].getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "video") frames += r.framesDecoded ?? 0;
    });
    return frames;
  });
}

/** The level and figures of the quality bars on the professional's tile in `page`. */
async function proTileQuality(page: Page) {
  const bars = page.locator('[data-participant="pro"] [data-testid="quality"]');
  return {
    level: await bars.getAttribute("data-level"),
    figures: await bars.getAttribute("aria-label"),
  };
}

/** Video kbit/s sent by `page` over `ms`. */
async function sendKbps(page: Page, ms: number) {
  const a = await outboundVideo(page);
  await page.waitForTimeout(ms);
  const b = await outboundVideo(page);
  return { ...b, kbps: Math.round(((b.bytes - a.bytes) * 8) / ms) };
}

/** The sender's bandwidth estimate once it is under `kbps`, or after `ms`, whichever is first. */
async function estimateUnder(page: Page, kbps: number, ms: number): Promise<number | null> {
  const deadline = Date.now() + ms;
  while (true) {
    const { estimateKbps } = await outboundVideo(page);
    if ((estimateKbps !== null && estimateKbps < kbps) || Date.now() > deadline) {
      return estimateKbps;
    }
    await page.waitForTimeout(500);
  }
}

Deno.test({
  name: "netlab: on a poor link (1 Mbit/s, 5 % loss) the call stays up and the sender fits it",
  ignore: labIgnored(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const home = { nat: "home" } as const;
    const delay = await netemAvailable() ? 150 : 0;
    await withLab([home, home], { stun: true }, async (run) => {
      const call = await startLabCall(run.proBrowser, run.clientBrowser, run.servers.app);
      for (const page of [call.pro, call.client]) await recordStates(page);
      await call.pro.waitForTimeout(5000);
      const good = await sendKbps(call.pro, 3000);
      await run.lab.shape(run.nets[0], {
        rateKbit: RATE_KBIT,
        lossPercent: 5,
        ...(delay ? { delayMs: delay } : {}),
      });
      await call.pro.waitForTimeout(8000); // the bandwidth estimate comes down
      const framesBefore = await framesDecoded(call.client);
      const poor = await sendKbps(call.pro, 5000);
      const framesAfter = await framesDecoded(call.client);
      const shown = [];
      for (let i = 0; i < 3; i++) {
        if (i > 0) await call.client.waitForTimeout(2000);
        shown.push(await proTileQuality(call.client));
      }
      const states = await Promise.all([call.pro, call.client].map(recordedStates));
      console.log(
        `poor link (${RATE_KBIT} kbit/s, 5 % loss, ${delay} ms delay each way): first frame ` +
          `${call.proFirstFrameMs}/${call.clientFirstFrameMs} ms; pro sends ${good.kbps} kbit/s ` +
          `at ${good.height}p (estimate ${good.estimateKbps} kbit/s, limited by ` +
          `${good.limitation}) before, ${poor.kbps} kbit/s at ${poor.height}p (estimate ` +
          `${poor.estimateKbps} kbit/s, limited by ${poor.limitation}) after; client decoded ${
            framesAfter - framesBefore
          } frames in 5 s; ` +
          `client's bars: ${shown.map((q) => `${q.level} (${q.figures})`).join("; ")}; ` +
          `states ${JSON.stringify(states)}`,
      );
      assert.ok(poor.kbps < RATE_KBIT, `the sender fits the link: ${poor.kbps} kbit/s`);
      // The sender's bandwidth estimate comes down to the link once the link presses it. One a
      // busy CPU holds well under the rate meets no queue, and 5 % loss alone is within what the
      // congestion controller holds at, so its estimate may stay up (seen in CI: 4,889 kbit/s);
      // then what it sends must be well under the rate.
      const estimate = await estimateUnder(call.pro, RATE_KBIT, 20_000);
      assert.ok(estimate !== null, "the selected pair gives an estimate");
      if (estimate >= RATE_KBIT) {
        assert.ok(
          poor.kbps < 0.8 * RATE_KBIT,
          `the estimate stayed at ${estimate} kbit/s while the sender sent ${poor.kbps} kbit/s`,
        );
      }
      assert.ok(framesAfter - framesBefore > 25, "frames keep coming (> 5 fps)");
      for (const { level, figures } of shown) {
        assert.ok(level === "fair" || level === "poor", `the bars show ${level}: ${figures}`);
      }
      for (const s of states) assert.ok(!s.includes("failed"), `the call stays up: ${s}`);
    });
  },
});
