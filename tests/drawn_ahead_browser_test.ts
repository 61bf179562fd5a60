/**
 * The call view drawn ahead (call/ui/InPageCall.tsx), system Chromium, fake devices: while a
 * client waits, the dashboard holds the call's dialog, closed, with its stage drawn and nothing
 * started (no camera asked for, the page not in call mode); "Join call" opens that very element
 * and the call runs in it. After the professional leaves, a fresh one is drawn (a spent call is
 * never reused) and joins again; once nobody waits, none is held.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { saveScreenshot } from "./helpers/browser.ts";
import { waitForRemoteVideo } from "./helpers/call_flow.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

/** Counts the page's getUserMedia calls in `window.__gum`. */
const COUNT_GUM = `
  (() => {
    window.__gum = 0;
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => { window.__gum++; return gum(c); };
  })();
`;

type Drawn = { dialog: HTMLDialogElement | null; __gum: number; __first?: Element };

/** What the page holds of the call view now. */
const viewState = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as Drawn;
    const dialogs = [...document.querySelectorAll<HTMLDialogElement>(".call-dialog")];
    const d = dialogs[0];
    return {
      dialogs: dialogs.length,
      open: d?.open ?? false,
      shown: d?.checkVisibility() ?? false,
      stage: d?.querySelector(".call-stage")?.getAttribute("data-phase") ?? null,
      inCallMode: document.documentElement.classList.contains("in-call"),
      gum: w.__gum,
      sameAsFirst: d !== undefined && d === w.__first,
    };
  });

Deno.test({
  name: "browser: the call view is drawn ahead while the client waits, and opens at the click",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await withClientWaiting({
      clientName: "Ahead Client",
      initScript: COUNT_GUM,
    }, async ({ pro, clientCtx, client, banner }) => {
      await pro.locator(".call-dialog .call-stage").waitFor({ state: "attached" });
      await pro.evaluate(() => {
        const w = window as unknown as Drawn;
        w.__first = document.querySelector(".call-dialog")!;
      });
      assert.deepEqual(await viewState(pro), {
        dialogs: 1,
        open: false,
        shown: false,
        stage: "setup",
        inCallMode: false,
        gum: 0,
        sameAsFirst: true,
      }, "drawn, closed, not started");

      await banner.getByRole("link", { name: /Join call/ }).click();
      assert.ok(await waitForRemoteVideo(pro) > 0, "the professional sees the client");
      assert.ok(await waitForRemoteVideo(client) > 0, "the client sees the professional");
      const inCall = await viewState(pro);
      assert.equal(inCall.sameAsFirst, true, "the call runs in the element drawn ahead");
      assert.equal(inCall.open && inCall.shown && inCall.inCallMode, true, "shown, in call mode");
      assert.equal(inCall.gum, 1, "the camera asked for once, at the click");
      assert.equal(inCall.dialogs, 1);
      console.log(`screenshot: ${await saveScreenshot(pro, "drawn-ahead-pro")}`);

      // The professional leaves; the client waits again: a new view is drawn for the next Join.
      const dialog = pro.locator(".call-dialog[open]");
      await dialog.getByTestId("leave").click();
      await dialog.getByTestId("left-screen").waitFor();
      await dialog.getByRole("link", { name: "Back to your dashboard" }).click();
      await dialog.waitFor({ state: "detached" });
      await pro.waitForFunction(
        () => {
          const d = document.querySelector(".call-dialog");
          return d && d !== (window as unknown as Drawn).__first && d.querySelector(".call-stage");
        },
        undefined,
        { timeout: 15_000 },
      );
      const again = await viewState(pro);
      assert.equal(again.open || again.inCallMode, false, "the fresh one is closed");
      assert.equal(again.stage, "setup", "and not started");
      await banner.getByRole("link", { name: /Join call/ }).click();
      assert.ok(await waitForRemoteVideo(pro) > 0, "joined again in the fresh view");
      assert.ok(await waitForRemoteVideo(client) > 0);
      await dialog.getByTestId("leave").click();
      await dialog.getByRole("link", { name: "Back to your dashboard" }).click();

      // Nobody waits any more: nothing is held.
      await clientCtx.close();
      await pro.locator(".call-dialog").waitFor({ state: "detached", timeout: 40_000 });
      assert.equal((await viewState(pro)).inCallMode, false);
    });
  },
});
