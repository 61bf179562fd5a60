/**
 * Issue 18 §7, the end screen, in real browsers: a client whose call ended because this page lost
 * it (another tab of theirs took the seat over, 4001) sees why, nothing left over from the call
 * or the page (no notice, no "then join"), and Rejoin, which brings this tab straight back into
 * the call while the appointment is open. Once the professional ends the appointment for
 * everyone, the end screen says so and offers no Rejoin. axe-core on both end screens.
 * Screenshots: test-results/screenshots/end-<case>-client.png.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { withCall } from "./helpers/call_setup.ts";
import { saveScreenshot } from "./helpers/browser.ts";
import { endForEveryone, waitForRemoteVideo } from "./helpers/call_flow.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** The end screen is all the page says about the call: no notice of the page or the stage. */
async function assertNoStaleNotices(page: Page, where: string) {
  const stale = await page.evaluate(() => ({
    notices: [...document.querySelectorAll(".notice, .stage-notice, [data-phase]")]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => el.textContent?.trim()),
    stage: document.querySelectorAll(".call-stage").length,
    text: document.body.innerText,
  }));
  assert.deepEqual(stale.notices, [], `${where}: notices left over`);
  assert.equal(stale.stage, 0, `${where}: the stage is gone`);
  assert.doesNotMatch(stale.text, /then join|Check your camera/i, `${where}: a stale hint`);
  const violations = await wcagViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], `${where}\n${formatViolations(violations)}`);
}

Deno.test({
  name: "browser: end screen — Rejoin after losing the call to another tab; none once ended",
  ...opts,
  async fn(t) {
    await withCall(async ({ pro, client, clientCtx }) => {
      const second = await clientCtx.newPage();
      await t.step("another tab takes the seat: this one says why, with Rejoin", async () => {
        await second.goto(client.url());
        await second.getByTestId("join").click();
        await client.getByTestId("end-screen").waitFor();
        await client.getByText("This call continued in another tab or window.").waitFor();
        await client.getByTestId("rejoin").waitFor();
        await assertNoStaleNotices(client, "replaced");
        console.log(await saveScreenshot(client, "end-replaced-client"));
        await waitForRemoteVideo(second);
      });

      await t.step("Rejoin: this tab is back in the call, the other one gives way", async () => {
        await client.getByTestId("rejoin").click();
        await client.locator(".call-stage").waitFor();
        assert.equal(await client.getByTestId("join").count(), 0, "straight in, no pre-call check");
        await waitForRemoteVideo(client);
        await second.getByTestId("end-screen").waitFor();
        await second.getByTestId("rejoin").waitFor();
        await waitForRemoteVideo(pro);
      });

      await t.step("ended for everyone: said so, no Rejoin", async () => {
        await second.close();
        await endForEveryone(pro);
        await client.getByTestId("end-screen").waitFor();
        await client.getByText("Dr. Ada Lovelace ended the appointment.").waitFor();
        assert.equal(await client.getByTestId("rejoin").count(), 0);
        await assertNoStaleNotices(client, "ended for everyone");
        console.log(await saveScreenshot(client, "end-for-everyone-client"));
      });
    });
  },
});
