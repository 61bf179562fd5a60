/**
 * Issue 6: with `ICE_TRANSPORT_POLICY=relay`, a call connects through a real
 * coturn on loopback and the selected candidate pair is a relay; with a
 * wrong TURN secret it cannot get a relay and does not connect. Audio, video
 * and chat share one transport from the first offer (`max-bundle`): each side
 * gathers candidates, and so allocates a relay, once. The test's
 * coturn allows loopback peers (tests only; the shipped template refuses them).
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { startCoturn } from "./helpers/coturn.ts";
import {
  candidatesPerSection,
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
  selectedCandidateType,
} from "./helpers/call_flow.ts";
import { startCall } from "./helpers/call_setup.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name:
    "browser: relay-only call connects through coturn (candidate pair type relay), one relay per side",
  ...opts,
  async fn() {
    const coturn = await startCoturn({ allowLoopbackPeers: true, allowedPeerIps: ["127.0.0.1"] });
    const app = await startApp({
      env: {
        DEMO: "1",
        TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
        TURN_SECRET: coturn.secret,
        ICE_TRANSPORT_POLICY: "relay",
      },
    });
    const browser = await launchBrowser();
    try {
      const { pro, client } = await startCall(browser, app);
      assert.equal(await selectedCandidateType(pro), "relay");
      assert.equal(await selectedCandidateType(client), "relay");
      // The client offered while waiting; "balanced" would have gathered for every section.
      for (const page of [pro, client]) {
        const [first, ...rest] = await candidatesPerSection(page);
        assert.ok(
          first > 0 && rest.length >= 2,
          `${first} candidates, ${rest.length} more sections`,
        );
        assert.deepEqual(rest, rest.map(() => 0), "candidates only in the bundle's first section");
      }
      assert.ok(!app.output().includes(coturn.secret), "TURN secret never logged");
    } finally {
      await browser.close();
      await app.stop();
      await coturn.stop();
    }
  },
});

Deno.test({
  name: "browser: with a wrong TURN secret a relay-only call gets no relay and does not connect",
  ...opts,
  async fn() {
    const coturn = await startCoturn({
      allowLoopbackPeers: true,
      allowedPeerIps: ["127.0.0.1"],
      verbose: true,
    });
    const app = await startApp({
      env: {
        DEMO: "1",
        TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
        TURN_SECRET: "not-the-secret-coturn-has-0123456789",
        ICE_TRANSPORT_POLICY: "relay",
      },
    });
    const browser = await launchBrowser();
    try {
      const pro = await (await newCallContext(browser)).newPage();
      await proFromPrintedLink(pro, app);
      const link = await createAppointmentNow(pro, "Blocked Client");
      const callUrl = pro.url() + "/call";
      const client = await (await newCallContext(browser)).newPage();
      await openLink(client, app, link);
      await client.getByTestId("join").click();
      await pro.goto(callUrl);
      for (const page of [pro, client]) {
        // Gathering ends without a single relay candidate: coturn refused the credentials.
        await page.waitForFunction(
          () => {
            // deno-lint-ignore no-explicit-any
            const pcs = (window as any).__pcs as RTCPeerConnection[];
            return pcs.length > 0 && pcs[pcs.length - 1].iceGatheringState === "complete";
          },
          undefined,
          { timeout: 30_000 },
        );
        const state = await page.evaluate(async () => {
          // deno-lint-ignore no-explicit-any
          const pcs = (window as any).__pcs as RTCPeerConnection[];
          const pc = pcs[pcs.length - 1];
          let relays = 0;
          (await pc.getStats()).forEach((r) => {
            if (r.type === "local-candidate" && r.candidateType === "relay") relays++;
          });
          return { relays, connection: pc.connectionState };
        });
        assert.equal(state.relays, 0);
        assert.notEqual(state.connection, "connected");
      }
      assert.match(coturn.output(), /error 401: Unauthorized/);
    } finally {
      await browser.close();
      await app.stop();
      await coturn.stop();
    }
  },
});
