/**
 * Page weight of the four pages a visitor loads: landing, dashboard, the client's appointment
 * page and the professional's call page, on a Frontdesk started with one bench appointment.
 */
import { base64url } from "jose";
import { startApp } from "../tests/helpers/app_process.ts";
import { createFixtures } from "./fixtures.ts";
import { measurePage, type PageWeight } from "./page_weight.ts";

/** Starts Frontdesk on a fresh data dir and measures each page. */
export async function runPages(): Promise<PageWeight[]> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-bench-pages-" });
  const secret = base64url.encode(crypto.getRandomValues(new Uint8Array(48)));
  try {
    const fixtures = await createFixtures(
      `${dir}/data`,
      new TextEncoder().encode(secret),
      1,
      `${dir}/fixtures.json`,
    );
    const app = await startApp({
      dataDir: `${dir}/data`,
      env: { LINK_SECRET: secret },
    });
    try {
      const appt = fixtures.appointments[0];
      const pro = `fd_pro=${fixtures.professionals[0].token}`;
      const client = `fd_client=${appt.clientToken}`;
      const id = encodeURIComponent(appt.id);
      return [
        await measurePage(app.url, "landing", "/"),
        await measurePage(app.url, "dashboard", "/dashboard", pro),
        await measurePage(
          app.url,
          "client appointment",
          `/appointments/${id}`,
          client,
        ),
        await measurePage(
          app.url,
          "pro call",
          `/dashboard/appointments/${id}/call`,
          pro,
        ),
      ];
    } finally {
      await app.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
