/**
 * Issue 20 §2, network lab: a call in progress between two home networks, then the professional's
 * access link turns poor — 1 Mbit/s (tbf), 5 % loss each way (nftables), and 150 ms each way (the
 * lab's delay line, a 300 ms round trip). The call must stay up; the professional's sender must
 * fit the link (what it sends stays under the link's rate, and its bandwidth estimate comes down
 * to the link unless it sends well under it) and send a smaller picture (call/uplink_fit.ts);
 * frames must keep arriving at the client; the quality bars on the professional's tile in the
 * client's call page must show "poor" and hold it (three readings 2 s apart), with the figures
 * behind them in their label. Then the link is restored: the picture comes back to full size.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { labIgnored } from "./netlab/available.ts";
import { startLabCall, withLab } from "./netlab/call.ts";
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

/** Waits until `page`'s camera goes out at `height` (outbound frameHeight); the ms it took. */
async function sendsAt(page: Page, height: number, ms: number): Promise<number> {
  const start = Date.now();
  while ((await outboundVideo(page)).height !== height) {
    if (Date.now() - start > ms) {
      throw new Error(
        `not sending at ${height}p after ${ms} ms: ${JSON.stringify(await outboundVideo(page))}`,
      );
    }
    await page.waitForTimeout(500);
  }
  return Date.now() - start;
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
  name: "netlab: on a poor link (300 ms, 5 % loss, 1 Mbit/s) the call stays up, the sender " +
    "fits it with a smaller picture and the bars show poor; restored, the picture comes back",
  ignore: labIgnored(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const home = { nat: "home" } as const;
    const delay = 150;
    await withLab([home, home], { stun: true }, async (run) => {
      const call = await startLabCall(run.proBrowser, run.clientBrowser, run.servers.app);
      for (const page of [call.pro, call.client]) await recordStates(page);
      await call.pro.waitForTimeout(5000);
      const good = await sendKbps(call.pro, 3000);
      await run.lab.shape(run.nets[0], {
        rateKbit: RATE_KBIT,
        lossPercent: 5,
        delayMs: delay,
      });
      await call.pro.waitForTimeout(8000); // the bandwidth estimate comes down
      const framesBefore = await framesDecoded(call.client);
      const poor = await sendKbps(call.pro, 5000);
      const framesAfter = await framesDecoded(call.client);
      const shown = [];
      const heights = [];
      for (let i = 0; i < 3; i++) {
        if (i > 0) await call.client.waitForTimeout(2000);
        shown.push(await proTileQuality(call.client));
        heights.push((await outboundVideo(call.pro)).height);
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
      assert.equal(good.height, 720, "full size on the good link");
      for (const h of [poor.height, ...heights]) {
        assert.ok(h > 0 && h <= 360, `a smaller picture on the poor link: ${h}p`);
      }
      for (const { level, figures } of shown) {
        assert.equal(level, "poor", `the bars show ${level}: ${figures}`);
      }
      for (const s of states) assert.ok(!s.includes("failed"), `the call stays up: ${s}`);

      await run.lab.unshape(run.nets[0]);
      const backMs = await sendsAt(call.pro, 720, 60_000);
      // It stays there: a step up the link did not carry would go down again within seconds.
      const held = [];
      for (let i = 0; i < 6; i++) {
        await call.pro.waitForTimeout(2000);
        held.push((await outboundVideo(call.pro)).height);
      }
      const restored = await sendKbps(call.pro, 3000);
      console.log(
        `link restored: full size again after ${backMs} ms, then ${held.join(", ")}p; ` +
          `${restored.kbps} kbit/s (estimate ${restored.estimateKbps} kbit/s)`,
      );
      assert.deepEqual(held, Array(held.length).fill(720), "full size holds on the restored link");
      const after = await Promise.all([call.pro, call.client].map(recordedStates));
      for (const s of after) assert.ok(!s.includes("failed"), `the call stayed up: ${s}`);
    });
  },
});
