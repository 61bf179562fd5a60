/**
 * Issue 16, findings 5 and 6e, over HTTP against the real server: the "new
 * appointment" form answers a clear field error (400, nothing created) for
 * extreme dates, which once crashed the handler (500), and for client names
 * with bidi controls or invisible characters.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { testSecret } from "./helpers/tokens.ts";

Deno.test("the new-appointment form refuses extreme dates and disguised names with a field error", async (t) => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-form-input-" });
  const proToken = await addProfessional(dataDir, "Dr. Form Input", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const pro = new Client(app.url);
  try {
    await (await pro.fetch(`/pro-link?token=${proToken}`)).body?.cancel();
    const csrf = csrfFrom((await pro.get("/dashboard")).text);
    const soon = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    const post = async (fields: Record<string, string>) => {
      const res = await pro.postForm("/dashboard", {
        csrf,
        tz: "UTC",
        clientName: "Ada Client",
        start: soon,
        durationMin: "30",
        ...fields,
      });
      return { status: res.status, text: await res.text() };
    };
    const fieldError = (html: string, field: string) =>
      html.match(new RegExp(`<p id="${field}-error" class="field-error">([^<]*)</p>`))?.[1];

    const dates: [string, Record<string, string>, RegExp][] = [
      [
        "year 9999 in Kiritimati (UTC+14)",
        { start: "9999-12-31T23:59", tz: "Pacific/Kiritimati" },
        /within the next year/,
      ],
      ["year 0000 in UTC", { start: "0000-01-01T00:00", tz: "UTC" }, /in the past/],
      ["year 0001 in Pago Pago (UTC-11)", {
        start: "0001-01-01T00:00",
        tz: "Pacific/Pago_Pago",
      }, /in the past/],
      ["year 275760", { start: "275760-09-13T00:00" }, /choose a date and time/],
    ];
    for (const [label, fields, message] of dates) {
      await t.step(`start: ${label} is a field error, not a 500`, async () => {
        const r = await post(fields);
        assert.equal(r.status, 400, r.text.slice(0, 300));
        assert.match(fieldError(r.text, "start") ?? "(no start error)", message);
      });
    }

    const names: [string, string, string][] = [
      ["right-to-left override", "Alice\u202Egpj.exe", "U+202E"],
      ["zero-width space", "Ada\u200B", "U+200B"],
      ["line separator", "Ada\u2028Lovelace", "U+2028"],
    ];
    for (const [label, clientName, code] of names) {
      await t.step(`client name with a ${label} is a field error`, async () => {
        const r = await post({ clientName });
        assert.equal(r.status, 400);
        const error = fieldError(r.text, "clientName") ?? "(no name error)";
        assert.match(error, /invisible or text-direction character/);
        assert.ok(error.includes(code), error);
      });
    }
    await t.step("a name of blank characters only is a field error", async () => {
      const r = await post({ clientName: "\u3164\u3164" });
      assert.equal(r.status, 400);
      assert.match(fieldError(r.text, "clientName") ?? "", /visible letter or digit/);
    });

    await t.step("nothing was created, and a plain name still works", async () => {
      const dash = await pro.get("/dashboard");
      assert.doesNotMatch(dash.text, /gpj\.exe|Ada Client/);
      const ok = await post({ clientName: "Ada Client" });
      assert.equal(ok.status, 303);
    });
  } finally {
    await app.stop();
  }
});
