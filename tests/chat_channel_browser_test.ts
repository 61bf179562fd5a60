/**
 * In-call chat over negotiated data channels between real peer connections in one Chromium
 * page (no server at all, so nothing can go through one): Ada talks to Maria and to Ben, they
 * answer, unread counts follow, bad and duplicate frames are refused, opening the channel at
 * the answering end does not renegotiate, and a removed peer's channel closes.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { openModulePage } from "./helpers/module_page.ts";
import type { ChatPage } from "./helpers/chat_page.ts";

declare global {
  var chat: ChatPage;
}

Deno.test({
  name: "browser: chat messages go both ways over each peer's data channel; bad frames refused",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const browser = await launchBrowser();
    const mp = await openModulePage(
      browser,
      new URL("./helpers/chat_page.ts", import.meta.url),
      "chat",
    );
    const { page } = mp;
    try {
      await page.evaluate(() => chat.start());
      await page.waitForFunction(() => chat.open());
      assert.deepEqual(await page.evaluate(() => chat.lateNegotiations()), { maria: 0, ben: 0 });

      // Ada writes to everyone: one frame on each of her two channels.
      const sent = await page.evaluate(() => chat.send("ada", "  Hello, can you both hear me? "));
      assert.deepEqual(sent, { ok: true, delivered: 2 });
      await page.waitForFunction(() =>
        chat.seen("maria").messages.length === 1 && chat.seen("ben").messages.length === 1
      );
      const maria = await page.evaluate(() => chat.seen("maria"));
      assert.deepEqual(maria.messages, [
        { from: "Ada Lovelace", peerId: "ada", text: "Hello, can you both hear me?" },
      ]);
      assert.equal(maria.unread, 1);
      assert.equal((await page.evaluate(() => chat.seen("ben"))).unread, 0, "Ben's panel is open");
      assert.deepEqual((await page.evaluate(() => chat.seen("ada"))).messages, [
        { from: "Ada Lovelace", peerId: null, text: "Hello, can you both hear me?" },
      ]);

      // Maria answers: back to Ada, Ada's unread count goes up; reading clears it.
      assert.deepEqual(await page.evaluate(() => chat.send("maria", "Yes!")), {
        ok: true,
        delivered: 1,
      });
      await page.waitForFunction(() => chat.seen("ada").messages.length === 2);
      const ada = await page.evaluate(() => chat.seen("ada"));
      assert.deepEqual(ada.messages[1], { from: "Maria", peerId: "maria", text: "Yes!" });
      assert.equal(ada.unread, 1);
      await page.evaluate(() => chat.markRead("ada"));
      assert.equal((await page.evaluate(() => chat.seen("ada"))).unread, 0);

      // Frames the module would never send are refused and not shown; so is a duplicate.
      await page.evaluate(() => {
        chat.raw("not json");
        chat.raw(JSON.stringify({ type: "chat", v: 1, id: "x", sentAt: 1, from: "A", text: "" }));
        chat.raw(
          JSON.stringify({
            type: "chat",
            v: 1,
            id: "y",
            sentAt: 1,
            from: "A",
            text: "a".repeat(2001),
          }),
        );
        chat.duplicate();
        chat.raw(JSON.stringify({ type: "chat", v: 1, id: "z", sentAt: 1, from: "A", text: "ok" }));
      });
      await page.waitForFunction(() => chat.seen("maria").messages.length === 3);
      const after = await page.evaluate(() => chat.seen("maria"));
      assert.equal(after.refused, 4);
      assert.deepEqual(after.messages.map((m) => m.text), [
        "Hello, can you both hear me?",
        "Yes!",
        "ok",
      ]);

      // Too long or empty never leaves.
      assert.deepEqual(await page.evaluate(() => chat.send("ada", "a".repeat(2001))), {
        ok: false,
        reason: "too-long",
      });
      assert.deepEqual(await page.evaluate(() => chat.send("ada", " ")), {
        ok: false,
        reason: "empty",
      });

      // Maria's channel closes when Ada removes her: Maria can no longer send.
      await page.evaluate(() => chat.removeMaria());
      await page.waitForFunction(() => !chat.open());
      await page.waitForFunction(() => chat.send("maria", "still there?").ok === false);
      assert.deepEqual(await page.evaluate(() => chat.send("ada", "Ben only")), {
        ok: true,
        delivered: 1,
      });
      assert.deepEqual(mp.errors, []);
    } finally {
      await mp.close();
      await browser.close();
    }
  },
});
