/**
 * Issue 18 §4, second half, in real browsers: on the dashboard, the professional sends a client
 * who waits a short note ("Running five minutes late"); it shows on the client's waiting screen
 * in a live region (role=status, announced by screen readers), before any call. Once the client
 * has gone, a note is refused and the dashboard says so. A note does not come back once the
 * professional has been in the call (they left again: the client waits, without the old note). The server never stores it (see
 * signaling/hub_note_test.ts). Screenshots: test-results/screenshots/note-<side>.png.
 */
import assert from "node:assert/strict";
import { saveScreenshot } from "./helpers/browser.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";
import { waitForRemoteVideo } from "./helpers/call_flow.ts";
import { withClientWaiting } from "./helpers/call_setup.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const TEXT = "Running five minutes late";

Deno.test({
  name: "browser: the professional's note reaches the waiting client's screen before the call",
  ...opts,
  async fn() {
    await withClientWaiting({
      clientName: "Note Client",
    }, async ({ pro, clientCtx, client, app }) => {
      const note = client.getByTestId("waiting-note");
      assert.equal(await note.getAttribute("role"), "status", "a live region from the start");
      assert.equal((await note.textContent())?.trim(), "");

      const form = pro.getByTestId("note-form");
      await form.getByLabel("Message to Note Client while they wait").fill(TEXT);
      await form.getByRole("button", { name: "Send" }).click();
      await form.getByTestId("note-outcome").filter({ hasText: `Sent: “${TEXT}”` }).waitFor();

      await note.filter({ hasText: `Message from Dr. Ada Lovelace: “${TEXT}”` })
        .waitFor({ timeout: 5_000 });
      assert.equal(await client.getByTestId("remote-video").count(), 0, "before any call");
      for (const [name, page] of [["client", client], ["pro", pro]] as const) {
        const violations = await wcagViolations(page);
        assert.deepEqual(
          violations.map((v) => v.id),
          [],
          `${name}\n${formatViolations(violations)}`,
        );
        console.log(await saveScreenshot(page, `note-${name}`));
      }

      // The note was for the wait: the professional comes and goes, it does not come back.
      await pro.getByTestId("waiting-banner").getByRole("link", { name: /Join call/ }).click();
      await waitForRemoteVideo(client);
      await pro.getByTestId("leave").click();
      await client.locator('[data-testid="waiting-room"][data-peer="left"]').waitFor();
      assert.equal((await note.textContent())?.trim(), "", "no stale note");
      await pro.goto(`${app.url}/dashboard`);
      await pro.getByTestId("note-form").waitFor({ timeout: 30_000 });

      // The client goes before the form disappears: a note now is refused, and said so.
      await form.getByLabel("Message to Note Client while they wait").fill("Still there?");
      await clientCtx.close();
      await form.getByRole("button", { name: "Send" }).click({ timeout: 2_000 }).catch(() => {});
      // Either the form went with the waiting row, or the refusal came back.
      await pro.waitForFunction(() =>
        document.querySelector('[data-testid="note-form"]') === null ||
        document.querySelector('[data-testid="note-outcome"]')?.textContent?.includes("Not sent")
      );
    });
  },
});
