/**
 * Issue 20 §3: a mixed call of four, the most a room holds — a Firefox professional, a Chromium
 * client, a Firefox guest and a Chromium guest, each from their own link — so the full mesh has
 * Firefox–Firefox, Firefox–Chromium and Chromium–Chromium pairs. Every page decodes growing video
 * frames from its three connections (getStats()); then the Firefox guest leaves, the other three
 * go on, and the professional's End for everyone reaches both browsers.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { createAppointmentAt } from "./helpers/app_session.ts";
import { demoPro } from "./helpers/client_page.ts";
import { Browsers, joinFromLink, signInDemoPro } from "./helpers/cross_call.ts";
import { firefoxMissing } from "./helpers/firefox.ts";
import { guestsFrom, postGuest } from "./helpers/guests.ts";
import { framesGrow, pairTypes, waitForFrames } from "./helpers/rtc_stats.ts";
import type { Person } from "./helpers/person.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const skip = firefoxMissing();
if (skip) console.warn(skip);

Deno.test({
  name: "firefox room: Firefox and Chromium, four in one mesh; one leaves; End for everyone",
  ignore: skip !== null,
  ...opts,
  async fn(t) {
    const app = await startApp({
      env: { DEMO: "1", SEAT_GRACE_MS: "2000", MAX_PARTICIPANTS: "4" },
    });
    const browsers = new Browsers();
    try {
      const owner = await demoPro(app);
      const { id, link } = await createAppointmentAt(owner, "Mixed Client", Date.now());
      for (
        const [name, role] of [["Fiona Firefox", "interpreter"], ["Carl Chromium", "colleague"]]
      ) {
        assert.equal((await postGuest(owner, id, { name, role })).status, 303);
      }
      const guests = guestsFrom((await owner.get(`/dashboard/appointments/${id}`)).text);
      assert.equal(guests.length, 2);

      const [pro, client, fiona, carl] = await Promise.all([
        browsers.person("firefox", "Firefox professional"),
        browsers.person("chromium", "Chromium client"),
        browsers.person("firefox", "Firefox guest"),
        browsers.person("chromium", "Chromium guest"),
      ]);
      const everyone: Person[] = [pro, client, fiona, carl];
      await signInDemoPro(pro, app);
      await joinFromLink(client, app, link);
      await joinFromLink(fiona, app, guests[0].link!);
      await joinFromLink(carl, app, guests[1].link!);

      await t.step("the professional joins: every page decodes frames from three", async () => {
        const t0 = Date.now();
        await pro.goto(`${app.url}/dashboard/appointments/${id}/call`);
        const stats = await Promise.all(everyone.map((p) => waitForFrames(p, 3, 45_000)));
        console.log(
          `four in the mesh: frames on every page ${Date.now() - t0} ms after the ` +
            "professional opened the call",
        );
        everyone.forEach((p, i) => console.log(`  ${p.label}: pairs ${pairTypes(stats[i])}`));
        await pro.screenshot("firefox-room-1-four-professional");
        await fiona.screenshot("firefox-room-2-four-firefox-guest");
      });

      await t.step("the Firefox guest leaves; the other three go on with two each", async () => {
        await fiona.click("leave");
        await fiona.waitFor('[data-testid="left-screen"]');
        for (const p of [pro, client, carl]) {
          const two = await waitForFrames(p, 2, 20_000);
          assert.ok(await framesGrow(p, two), `${p.label} still receives`);
        }
      });

      await t.step("End for everyone from Firefox reaches Chromium and Firefox", async () => {
        await pro.click("end-for-everyone");
        await pro.click("end-confirm-button");
        for (const p of [pro, client, carl]) {
          await p.waitFor('[data-testid="end-screen"]', { timeout: 10_000 }).catch(async (e) => {
            const text = await p.evaluate(() => document.body.innerText.slice(0, 600));
            await p.screenshot(`firefox-room-no-end-${p.label}`);
            throw new Error(`${p.label} shows no end screen: ${text}`, { cause: e });
          });
        }
      });
    } finally {
      await browsers.close();
      await app.stop();
    }
  },
});
