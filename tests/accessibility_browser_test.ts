/**
 * axe-core on every screen that exists outside the call itself (whose wiring is being rebuilt
 * for rooms): home, the professional's dashboard and appointment page, the link refusal pages
 * (a broken link, a withdrawn one), the switch prompt, a client's pre-call screen (open, and too
 * early), the 404 page, and a page of the call screen's parts (ControlButton, Tile) in their
 * states. Each must have no WCAG 2.2 A/AA violation, in the light and in the dark colour scheme
 * (styles.css follows prefers-color-scheme). Screenshots in test-results/screenshots/, named
 * `a11y-<scheme>-<screen>.png`. First, a broken page shows the check itself can fail.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";
import { demoPro, openClientPage } from "./helpers/client_page.ts";
import { createAppointmentAt, postAppointmentAction } from "./helpers/app_session.ts";
import { newCallContext, openLink, proFromPrintedLink } from "./helpers/call_flow.ts";
import { openModulePage } from "./helpers/module_page.ts";
import type { PartsPage } from "./helpers/call_parts_page.tsx";

declare global {
  var parts: PartsPage;
}

const PARTS_PAGE = new URL("./helpers/call_parts_page.tsx", import.meta.url);

const opts = { sanitizeOps: false, sanitizeResources: false };

type Scheme = "light" | "dark";

/** Asserts `page` has no WCAG 2.2 A/AA violation; saves its screenshot as `a11y-<name>`. */
async function assertAccessible(page: Page, name: string) {
  await saveScreenshot(page, `a11y-${name}`);
  const violations = await wcagViolations(page);
  assert.deepEqual(
    violations.map((v) => v.id),
    [],
    `${name}: ${page.url()}\n${formatViolations(violations)}`,
  );
}

/** Every screen of the app outside the call, in `scheme`. */
const appScreens = (scheme: Scheme) => async (t: Deno.TestContext) => {
  const app = await startApp({ env: { DEMO: "1" } });
  const browser = await launchBrowser();
  try {
    await t.step("home", async () => {
      const page = await newPage(browser, scheme);
      await page.goto(`${app.url}/`);
      await assertAccessible(page, `${scheme}-home`);
      await page.close();
    });

    const proCtx = await newCallContext(browser, { colorScheme: scheme });
    const pro = await proCtx.newPage();
    await t.step("dashboard", async () => {
      await proFromPrintedLink(pro, app);
      await pro.getByLabel("Client's name").waitFor();
      await assertAccessible(pro, `${scheme}-dashboard`);
    });

    // Made without a browser, to the second; one for the pages, one withdrawn, one later.
    const api = await demoPro(app);
    const now = await createAppointmentAt(api, "Ada Client", Date.now());
    const withdrawn = await createAppointmentAt(api, "Ben Client", Date.now());
    const later = await createAppointmentAt(api, "Cleo Client", Date.now() + 3 * 3600_000);
    assert.equal((await postAppointmentAction(api, withdrawn.id, "revoke")).status, 303);

    await t.step("appointment page", async () => {
      await pro.goto(`${app.url}/dashboard/appointments/${now.id}`);
      await pro.locator(".copy-link-url").waitFor();
      await assertAccessible(pro, `${scheme}-appointment`);
    });

    await t.step("cancel and revoke confirmations", async () => {
      for (const action of ["cancel", "revoke"]) {
        await pro.goto(`${app.url}/dashboard/appointments/${now.id}/${action}`);
        await pro.getByTestId("confirm").waitFor();
        await assertAccessible(pro, `${scheme}-confirm-${action}`);
      }
      await pro.goto(`${app.url}/dashboard/appointments/${now.id}?renewed=1`);
      await pro.getByTestId("link-renewed").waitFor();
      await assertAccessible(pro, `${scheme}-link-renewed`);
    });

    await t.step("pre-call screen", async () => {
      const { page } = await openClientPage(browser, app, {
        name: "Dee Client",
        context: { colorScheme: scheme },
      });
      await page.getByTestId("join").waitFor();
      await page.getByTestId("network-check").waitFor();
      await page.waitForFunction(() =>
        (document.querySelector<HTMLVideoElement>('[data-testid="self-video"]')?.videoWidth ??
          0) > 0
      );
      await assertAccessible(page, `${scheme}-precall`);
      await page.context().close();
    });

    const clientCtx = await newCallContext(browser, { colorScheme: scheme });
    const client = await clientCtx.newPage();
    await t.step("too early: the countdown page", async () => {
      await openLink(client, app, later.link);
      await client.waitForURL(/\/appointments\//);
      await assertAccessible(client, `${scheme}-precall-early`);
    });

    await t.step("switch prompt", async () => {
      await openLink(client, app, now.link);
      await client.getByRole("button", { name: "Switch to this appointment" }).waitFor();
      await assertAccessible(client, `${scheme}-switch-prompt`);
    });

    await t.step("link refusal pages", async () => {
      const page = await newPage(browser, scheme);
      await page.goto(`${app.url}/join-video?token=not-a-token`);
      await assertAccessible(page, `${scheme}-refused-broken-link`);
      await openLink(page, app, withdrawn.link);
      await page.getByRole("heading", { name: "This link no longer works" }).waitFor();
      await assertAccessible(page, `${scheme}-refused-withdrawn-link`);
      await page.goto(`${app.url}/no-such-page`);
      await assertAccessible(page, `${scheme}-not-found`);
      await page.close();
    });
  } finally {
    await browser.close();
    await app.stop();
  }
};

/** A page in a new context with `scheme` as the preferred colour scheme. */
const newPage = async (browser: Browser, scheme: Scheme) =>
  await (await browser.newContext({ colorScheme: scheme })).newPage();

for (const scheme of ["light", "dark"] as const) {
  Deno.test({
    name: `browser: axe-core finds no WCAG 2.2 A/AA violation on the app's screens (${scheme})`,
    ...opts,
    fn: appScreens(scheme),
  });
}

Deno.test({
  name:
    "browser: axe-core finds no WCAG 2.2 A/AA violation on the pre-call help for a refused camera",
  ...opts,
  async fn(t) {
    const app = await startApp({ env: { DEMO: "1" } });
    // No auto-accepting prompts: each context gets exactly the permissions it is granted.
    const browser = await launchBrowser({ fakeUi: false });
    try {
      for (const scheme of ["light", "dark"] as const) {
        await t.step(`${scheme}: camera refused, audio only`, async () => {
          const { page, ctx } = await openClientPage(browser, app, {
            name: "Audio Client",
            context: { permissions: ["microphone"], colorScheme: scheme },
          });
          await page.getByTestId("audio-only-help").waitFor();
          await assertAccessible(page, `${scheme}-precall-camera-refused`);
          await ctx.close();
        });
        await t.step(`${scheme}: camera and microphone refused`, async () => {
          const { page, ctx } = await openClientPage(browser, app, {
            name: "Blocked Client",
            context: { permissions: [], colorScheme: scheme },
          });
          await page.getByTestId("media-help").waitFor();
          await assertAccessible(page, `${scheme}-precall-all-refused`);
          await ctx.close();
        });
      }
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

Deno.test({
  name: "browser: the accessibility check fails a page that breaks WCAG",
  ...opts,
  async fn() {
    const browser = await launchBrowser();
    // No alt text, an unnamed button, an unlabelled field, faint text (the module is any one:
    // the HTML is what is checked).
    const broken = '<main><img src="/x.png"><button></button><input>' +
      '<p style="color:#bbb;background:#fff">faint</p></main>';
    const mp = await openModulePage(
      browser,
      new URL("./helpers/peer_pair.ts", import.meta.url),
      "document",
      broken,
    );
    try {
      const ids = (await wcagViolations(mp.page)).map((v) => v.id).sort();
      assert.deepEqual(ids, ["button-name", "color-contrast", "image-alt", "label"]);
    } finally {
      await mp.close();
      await browser.close();
    }
  },
});

Deno.test({
  name: "browser: axe-core finds no WCAG 2.2 A/AA violation on the call screen's parts",
  ...opts,
  async fn(t) {
    const browser = await launchBrowser();
    for (const scheme of ["light", "dark"] as const) {
      await t.step(scheme, () => partsPage(browser, scheme));
    }
    await browser.close();
  },
});

/** The parts page in `scheme`, as shown and with every toggle pressed. */
async function partsPage(browser: Browser, scheme: Scheme) {
  const ctx = await browser.newContext({ colorScheme: scheme });
  const mp = await openModulePage(ctx, PARTS_PAGE, "parts");
  const { page } = mp;
  try {
    await page.evaluate(() => parts.camera());
    await assertAccessible(page, `${scheme}-call-parts`);
    // Every state: muted, camera off, chat open with messages both ways.
    await page.getByTestId("mic").click();
    await page.getByTestId("cam").click();
    await page.getByTestId("chat").click();
    await page.getByLabel("Message", { exact: true }).fill("Hello");
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await page.evaluate(() => parts.receive("Can you see my screen?"));
    await assertAccessible(page, `${scheme}-call-parts-toggled`);
  } finally {
    await mp.close();
    await ctx.close();
  }
}
