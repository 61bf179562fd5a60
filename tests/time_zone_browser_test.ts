/**
 * Issue 19 §4 in a real browser: times are right from the very first page load. A professional
 * whose browser is in New York opens the dashboard for the first time (no zone cookie yet, the
 * server renders in UTC): the page corrects itself to New York, and creating an appointment with
 * the pre-filled "Starts at" stores it for now, not five hours off. The zone is kept on the
 * account, so another device without the cookie gets New York from its first page. A client in
 * Berlin sees Berlin times on their first page.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client } from "./helpers/browserless_client.ts";
import { openSqliteStore } from "../domain/sqlite_store.ts";
import { DB_FILE } from "../app/open_store.ts";
import { formatDateTime } from "../utils/format_time.ts";
import { testSecret } from "./helpers/tokens.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const SLOT_MS = 15 * 60_000;

Deno.test({
  name: "browser: a first visit in New York books 'now' as now; the zone is kept; a client in " +
    "Berlin sees Berlin times",
  ...opts,
  async fn() {
    const secret = testSecret();
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-tz-" });
    const token = await addProfessional(dataDir, "Dr. Zone", { LINK_SECRET: secret });
    const app = await startApp({ dataDir, env: { LINK_SECRET: secret, TZ: "UTC" } });
    const browser = await launchBrowser();
    try {
      const ny = await browser.newContext({ timezoneId: "America/New_York" });
      const pro = await ny.newPage();
      const before = Date.now();
      await pro.goto(`${app.url}/pro-link?token=${token}`);
      await pro.waitForURL(`${app.url}/dashboard`);
      await pro.getByText("Times are in America/New_York time.").waitFor();
      // The reload has happened once the pre-filled start is New York's next slot.
      const nextSlot = Math.ceil(Date.now() / SLOT_MS) * SLOT_MS;
      const expected = await pro.evaluate((ms) => {
        const d = new Date(ms);
        const pad = (n: number) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${
          pad(d.getHours())
        }:${pad(d.getMinutes())}`;
      }, nextSlot);
      await pro.waitForFunction(
        (v) => (document.getElementById("start") as HTMLInputElement | null)?.value === v,
        expected,
        { timeout: 10_000 },
      );
      await pro.getByLabel("Client's name").fill("Berlin Client");
      await pro.getByRole("button", { name: "Create appointment" }).click();
      await pro.waitForURL(/\/dashboard\/appointments\/[0-9a-f-]+$/);
      await saveScreenshot(pro, "time-zone-first-visit-appointment");
      const id = pro.url().split("/").pop()!;

      const store = openSqliteStore(`${dataDir}/${DB_FILE}`);
      try {
        const appt = await store.getAppointment(id);
        assert.ok(appt);
        assert.ok(
          appt.startsAt >= before - 60_000 && appt.startsAt <= Date.now() + SLOT_MS,
          `stored for now (${new Date(appt.startsAt).toISOString()}), not hours off`,
        );
        const account = (await store.listProfessionals()).find((p) => p.name === "Dr. Zone");
        assert.equal(account?.timeZone, "America/New_York", "kept on the account");

        // Another device, no cookie: the server renders New York from the first page.
        const device = new Client(app.url);
        await (await device.fetch(`/pro-link?token=${token}`)).body?.cancel();
        const page = await device.get("/dashboard");
        assert.match(page.text, /Times are in America\/New_York time\./);

        // The client in Berlin, first visit: Berlin times.
        const link = await pro.locator(".copy-link-url").inputValue();
        const berlin = await browser.newContext({ timezoneId: "Europe/Berlin" });
        const client = await berlin.newPage();
        const u = new URL(link);
        await client.goto(`${app.url}${u.pathname}${u.search}`);
        const shown = formatDateTime(appt.startsAt, "Europe/Berlin", { zone: true });
        await client.getByText(shown).first().waitFor();
        await saveScreenshot(client, "time-zone-client-berlin");
      } finally {
        store.close();
      }
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
