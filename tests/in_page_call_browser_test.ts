/**
 * The dashboard's in-place call (system Chromium, fake devices): "Join call" opens the call over
 * the dashboard without loading a page, with the call page's URL in the address bar; Escape
 * does not end the call; Back leaves the call and Forward loads the call page; a modified click and a
 * failed settings fetch fall back to the call page; the end screen closes back to the dashboard.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { saveScreenshot } from "./helpers/browser.ts";
import { endForEveryone, liveLocalTracks, waitForRemoteVideo } from "./helpers/call_flow.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const CLIENT = "Inplace Client";

/** Marks the current document, to tell a page load from an in-place change. */
const markDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDoc: boolean }).__sameDoc = true);
const sameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDoc?: boolean }).__sameDoc === true);

const rowStatus = (pro: Page, status: string) =>
  pro.locator(`tr:has-text("${CLIENT}") [data-status="${status}"]`).waitFor();

/** The appointment row's "Join call" (the banner's comes back only after the seat's grace). */
const rowJoin = (pro: Page) =>
  pro.locator(`tr:has-text("${CLIENT}")`).getByRole("link", { name: /Join call/ });

/** The connection state of the page's newest RTCPeerConnection. */
const lastPeerState = (page: Page) =>
  page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    return pcs[pcs.length - 1]?.connectionState;
  });

Deno.test({
  name: "browser: the dashboard opens the call in place; Back leaves it, Forward loads it",
  ...opts,
  async fn(t) {
    await withClientWaiting({
      clientName: CLIENT,
    }, async ({ proCtx, pro, client, callPath, app }) => {
      const banner = pro.getByTestId("waiting-banner");
      const dialog = pro.getByRole("dialog", { name: `Call with ${CLIENT}` });

      await t.step("Join call: the call opens over the dashboard, no page load", async () => {
        await markDocument(pro);
        await banner.getByRole("link", { name: /Join call/ }).click();
        await dialog.waitFor();
        assert.equal(new URL(pro.url()).pathname, callPath);
        assert.ok(await waitForRemoteVideo(pro) > 0);
        assert.ok(await waitForRemoteVideo(client) > 0);
        assert.ok(await sameDocument(pro), "the dashboard document stayed");
        assert.equal(await pro.title(), `Call with ${CLIENT} · Frontdesk`);
        await saveScreenshot(pro, "in-page-call");
      });

      await t.step("Escape, even pressed again, does not close the call", async () => {
        // Counted after the app's own handlers (added first), which re-show a closed dialog. A
        // handle, not the role locator: a closed dialog has no role to be found by.
        const element = await dialog.elementHandle();
        await element.evaluate((d) => {
          const w = window as unknown as { __cancels: number; __closes: number };
          w.__cancels = 0;
          w.__closes = 0;
          d.addEventListener("cancel", () => w.__cancels++);
          d.addEventListener("close", () => w.__closes++);
        });
        await pro.keyboard.press("Escape");
        await pro.keyboard.press("Escape"); // Chromium lets a second one close a dialog.
        // Both presses were handled: a second "cancel" with the dialog still open, or a "close"
        // (it comes as a task after the dialog closed; the app's handler has run by then).
        await pro.waitForFunction((d) => {
          const w = window as unknown as { __cancels: number; __closes: number };
          return w.__closes >= 1 || (w.__cancels >= 2 && (d as HTMLDialogElement).open);
        }, element);
        assert.ok(await element.evaluate((d) => (d as HTMLDialogElement).open), "still open");
        assert.equal(await lastPeerState(pro), "connected");
        assert.ok(await dialog.isVisible());
        assert.equal(new URL(pro.url()).pathname, callPath);
      });

      await t.step("Back leaves the call and shows the dashboard", async () => {
        await pro.goBack();
        await dialog.waitFor({ state: "detached" });
        assert.equal(new URL(pro.url()).pathname, "/dashboard");
        assert.ok(await sameDocument(pro));
        assert.equal(await lastPeerState(pro), "closed");
        assert.equal(await pro.title(), "Your appointments · Frontdesk");
      });

      await t.step("Forward loads the call page, which joins the call again", async () => {
        await pro.goForward();
        await pro.waitForFunction(() => !(window as { __sameDoc?: boolean }).__sameDoc);
        assert.equal(new URL(pro.url()).pathname, callPath);
        assert.ok(await waitForRemoteVideo(pro) > 0);
        assert.ok(await waitForRemoteVideo(client) > 0);
        await pro.goto(`${app.url}/dashboard`);
      });

      await t.step("a Ctrl-click opens the call page in a new tab, not in place", async () => {
        await markDocument(pro);
        const [tab] = await Promise.all([
          proCtx.waitForEvent("page"),
          rowJoin(pro).click({ modifiers: ["Control"] }),
        ]);
        // The new tab starts at about:blank (the headless shell's load event comes for it).
        await tab.waitForURL((u) => u.pathname === callPath);
        assert.ok(await waitForRemoteVideo(tab) > 0);
        assert.equal(await dialog.count(), 0);
        assert.equal(new URL(pro.url()).pathname, "/dashboard");
        await tab.close();
      });

      await t.step(
        "if the call's settings cannot be fetched, the link loads the page",
        async () => {
          await pro.route(
            `**${callPath}`,
            (route) =>
              (route.request().headers()["accept"] ?? "").includes("application/json")
                ? route.fulfill({ status: 503, body: "down" })
                : route.continue(),
          );
          await pro.reload();
          await markDocument(pro);
          await rowJoin(pro).click();
          await pro.waitForURL(`**${callPath}`);
          await pro.waitForFunction(() => !(window as { __sameDoc?: boolean }).__sameDoc);
          assert.ok(await waitForRemoteVideo(pro) > 0);
          await pro.unroute(`**${callPath}`);
          await pro.goto(`${app.url}/dashboard`);
        },
      );

      await t.step("end in place; the end screen goes back to the dashboard", async () => {
        await markDocument(pro);
        await rowJoin(pro).click();
        await dialog.waitFor();
        assert.ok(await waitForRemoteVideo(pro) > 0);
        await endForEveryone(dialog);
        await dialog.getByTestId("end-screen").waitFor();
        await client.getByTestId("end-screen").waitFor();
        await dialog.getByRole("link", { name: "Back to your dashboard" }).click();
        await dialog.waitFor({ state: "detached" });
        assert.equal(new URL(pro.url()).pathname, "/dashboard");
        assert.ok(await sameDocument(pro));
        await rowStatus(pro, "completed");
        assert.equal(await pro.title(), "Your appointments · Frontdesk");
      });
    });
  },
});

/** Holds every getUserMedia call of the page for `ms` (a slow camera). */
const slowCamera = (ms: number) => `
  (() => {
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => new Promise((r) => setTimeout(r, ${ms})).then(() => gum(c));
  })();
`;

Deno.test({
  name: "browser: a professional whose camera is slow to start sees the client at once",
  ...opts,
  async fn() {
    await withClientWaiting({
      clientName: CLIENT,
      initScript: slowCamera(4_000),
    }, async ({ pro, client }) => {
      await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();

      // The connection comes up and the client's video shows while the camera is still starting.
      assert.ok(await waitForRemoteVideo(pro) > 0);
      const cameraUp = await pro.evaluate(() =>
        performance.getEntriesByName("frontdesk:media").length > 0
      );
      assert.equal(cameraUp, false, "the client showed before the professional's camera was up");
      // Then the professional's camera reaches the client, on the same connection.
      assert.ok(await waitForRemoteVideo(client) > 0);
      const pcs = await pro.evaluate(() =>
        (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length
      );
      assert.equal(pcs, 1, "no second connection");
    });
  },
});

/** Records, for each getUserMedia call of the page, whether a call dialog was in the document. */
const RECORD_CAMERA_ASKED = `
  (() => {
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    window.__cameraAsked = [];
    md.getUserMedia = (c) => {
      window.__cameraAsked.push(document.querySelector("dialog[open]") !== null);
      return gum(c);
    };
  })();
`;

Deno.test({
  name: "browser: Join call asks for the camera before the call view is shown, and once",
  ...opts,
  async fn() {
    await withClientWaiting({
      clientName: CLIENT,
      initScript: RECORD_CAMERA_ASKED,
    }, async ({ pro, client }) => {
      await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();
      assert.ok(await waitForRemoteVideo(pro) > 0);
      assert.ok(await waitForRemoteVideo(client) > 0);
      const asked = await pro.evaluate(() =>
        (window as unknown as { __cameraAsked: boolean[] }).__cameraAsked
      );
      // Asked from the dashboard, the call not shown yet; the call took that request over.
      assert.deepEqual(asked, [false]);
      assert.deepEqual(await liveLocalTracks(pro), ["audio", "video"]);
    });
  },
});
