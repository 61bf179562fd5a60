/**
 * Issue 19 §7 in a real browser: a context with locale es-ES sees Spanish on every page (landing,
 * sign-in, a missing page, a refused link, the early client's countdown, the client's pre-call
 * check and waiting room, the dashboard, an appointment's page and its cancel confirmation, the
 * professional's call screen), fr-FR sees French, each with `<html lang>`; dates
 * are formatted in that language; the switcher at the foot of a page overrides the browser's
 * language and sticks. axe-core checks the translated pages.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";
import { formatViolations, wcagViolations } from "./helpers/axe.ts";
import { demoPro } from "./helpers/client_page.ts";
import { createAppointmentAt } from "./helpers/app_session.ts";
import { newCallContext, openLink, proFromPrintedLink } from "./helpers/call_flow.ts";

/** What each language must show, page by page. */
const EXPECT = {
  es: {
    locale: "es-ES",
    home: "Videocitas que sus clientes simplemente abren",
    login: "Iniciar sesión",
    notFound: "Página no encontrada",
    refused: "Este enlace no se puede abrir",
    clientTitle: "Su cita con",
    precall: "Compruebe su cámara y su micrófono",
    join: /Unirse — .* le dejará entrar/,
    waiting: "le dejará entrar en breve",
    dashboard: "Sus citas",
    today: "Hoy",
    signedIn: "Sesión iniciada como",
    mute: "Silenciar micrófono",
    leave: "Salir de la llamada",
    month: /\b(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b/,
    early: "Es un poco pronto",
    waiting2: "está esperando",
    detail: "Cita con",
    cancel: "¿Cancelar la cita con",
  },
  fr: {
    locale: "fr-FR",
    home: "Des rendez-vous vidéo que vos clients ouvrent, tout simplement",
    login: "Connexion",
    notFound: "Page introuvable",
    refused: "Ce lien ne peut pas être ouvert",
    clientTitle: "Votre rendez-vous avec",
    precall: "Vérifiez votre caméra et votre micro",
    join: /Rejoindre — .* vous fera entrer/,
    waiting: "va vous faire entrer sous peu",
    dashboard: "Vos rendez-vous",
    today: "Aujourd’hui",
    signedIn: "Connecté en tant que",
    mute: "Couper le micro",
    leave: "Quitter l’appel",
    month: /\b(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\b/,
    early: "Il est un peu tôt",
    waiting2: "attend",
    detail: "Rendez-vous avec",
    cancel: "Annuler le rendez-vous avec",
  },
} as const;

async function assertAccessible(page: Page, what: string) {
  const violations = await wcagViolations(page);
  assert.equal(violations.length, 0, `${what}: ${formatViolations(violations)}`);
}

async function htmlLang(page: Page): Promise<string | null> {
  return await page.locator("html").getAttribute("lang");
}

/** Every page of `lang`'s tour, with screenshots named after it. */
async function tour(browser: Browser, app: AppProcess, lang: keyof typeof EXPECT) {
  const e = EXPECT[lang];
  const ctx = await newCallContext(browser, { locale: e.locale, timezoneId: "Europe/Madrid" });
  const page = await ctx.newPage();
  // A translated island must hydrate as it was rendered: no script error anywhere.
  const errors: string[] = [];
  ctx.on("page", (p) => p.on("pageerror", (err) => errors.push(err.message)));
  page.on("pageerror", (err) => errors.push(err.message));
  try {
    await page.goto(`${app.url}/`);
    await page.getByRole("heading", { name: e.home }).waitFor();
    assert.equal(await htmlLang(page), lang);
    await assertAccessible(page, `${lang} landing`);
    await saveScreenshot(page, `i18n-${lang}-landing`);

    await page.goto(`${app.url}/login`);
    await page.getByRole("heading", { name: e.login, exact: true }).waitFor();
    assert.equal(await htmlLang(page), lang);
    await assertAccessible(page, `${lang} sign-in`);
    await saveScreenshot(page, `i18n-${lang}-sign-in`);

    const missing = await page.goto(`${app.url}/no-such-page`);
    assert.equal(missing?.status(), 404);
    await page.getByRole("heading", { name: e.notFound }).waitFor();
    assert.equal(await htmlLang(page), lang);
    await saveScreenshot(page, `i18n-${lang}-not-found`);

    await page.goto(`${app.url}/join-video?token=not-a-token`);
    await page.getByRole("heading", { name: e.refused }).waitFor();
    assert.equal(await htmlLang(page), lang);
    await assertAccessible(page, `${lang} refused link`);
    await saveScreenshot(page, `i18n-${lang}-refused-link`);

    // A client who is early: the countdown, its date in the language.
    const pro = await demoPro(app);
    const early = await createAppointmentAt(pro, `Temprano ${lang}`, Date.now() + 3 * 3_600_000);
    // Its own context: one browser is in one appointment at a time (or asked to switch).
    const earlyCtx = await browser.newContext({ locale: e.locale, timezoneId: "Europe/Madrid" });
    const earlyPage = await earlyCtx.newPage();
    await openLink(earlyPage, app, early.link);
    await earlyPage.getByTestId("opens-countdown").getByText(e.early).waitFor();
    assert.match(await earlyPage.getByTestId("opens-at").innerText(), e.month);
    assert.equal(await htmlLang(earlyPage), lang);
    await assertAccessible(earlyPage, `${lang} too early`);
    await saveScreenshot(earlyPage, `i18n-${lang}-too-early`);
    await earlyCtx.close();

    // The client's page: the pre-call check, then the waiting room.
    const name = `Cliente ${lang}`;
    const { id, link } = await createAppointmentAt(pro, name, Date.now());
    await openLink(page, app, link);
    await page.getByRole("heading", { name: new RegExp(e.clientTitle) }).waitFor();
    await page.getByRole("heading", { name: e.precall }).waitFor();
    assert.equal(await htmlLang(page), lang);
    assert.match(await page.locator("main > p time").first().innerText(), e.month);
    await page.locator('[data-testid="network-check"]:not([data-verdict="checking"])').waitFor();
    await assertAccessible(page, `${lang} pre-call check`);
    await saveScreenshot(page, `i18n-${lang}-precall`);
    const join = page.getByTestId("join");
    assert.match(await join.innerText(), e.join);
    await join.click();
    await page.getByTestId("waiting-room").getByText(e.waiting).waitFor();
    await saveScreenshot(page, `i18n-${lang}-waiting-room`);

    // The professional, in the same language: the dashboard, then the call screen.
    const proPage = await ctx.newPage();
    await proFromPrintedLink(proPage, app);
    await proPage.getByRole("heading", { name: e.dashboard }).waitFor();
    await proPage.getByRole("heading", { name: new RegExp(`^${e.today}`) }).waitFor();
    await proPage.getByText(e.signedIn).waitFor();
    // The live planner hydrated and connected (its script loads nothing of the server's).
    await proPage.locator('.live-appointments[data-live="on"]').waitFor();
    await proPage.getByTestId("waiting-banner").getByText(e.waiting2, { exact: true }).waitFor();
    assert.equal(await htmlLang(proPage), lang);
    await assertAccessible(proPage, `${lang} dashboard`);
    await saveScreenshot(proPage, `i18n-${lang}-dashboard`);
    // Longer words on a phone: the planner still fits.
    await proPage.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(proPage, `i18n-${lang}-dashboard-phone`);
    await proPage.setViewportSize({ width: 1280, height: 720 });

    await proPage.goto(`${app.url}/dashboard/appointments/${id}`);
    await proPage.getByRole("heading", { name: `${e.detail} ${name}` }).waitFor();
    assert.equal(await htmlLang(proPage), lang);
    await assertAccessible(proPage, `${lang} appointment page`);
    await saveScreenshot(proPage, `i18n-${lang}-appointment`);
    await proPage.goto(`${app.url}/dashboard/appointments/${id}/cancel`);
    await proPage.getByRole("heading", { name: new RegExp(`^${e.cancel}`) }).waitFor();
    await saveScreenshot(proPage, `i18n-${lang}-cancel-confirm`);

    await proPage.goto(`${app.url}/dashboard/appointments/${id}/call`);
    await proPage.getByRole("button", { name: e.mute }).waitFor();
    await proPage.getByRole("button", { name: e.leave }).waitFor();
    assert.equal(await htmlLang(proPage), lang);
    await proPage.getByTestId("connection-state").waitFor();
    await saveScreenshot(proPage, `i18n-${lang}-call-screen`);
    await proPage.close();
    assert.deepEqual(errors, [], "no script error on any page");
  } finally {
    await ctx.close();
  }
}

Deno.test({
  name: "browser: es-ES and fr-FR see every page in their language",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      await tour(browser, app, "es");
      await tour(browser, app, "fr");
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});

Deno.test({
  name: "browser: the language switcher overrides Accept-Language and sticks",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({ env: { DEMO: "1" } });
    const browser = await launchBrowser();
    try {
      const ctx = await browser.newContext({ locale: "es-ES" });
      const page = await ctx.newPage();
      await page.goto(`${app.url}/login`);
      await page.getByRole("heading", { name: EXPECT.es.login, exact: true }).waitFor();
      await page.getByLabel("Idioma").selectOption("fr");
      await page.getByRole("button", { name: "Cambiar" }).click();
      // Back on the same page, now in French.
      await page.waitForURL(`${app.url}/login`);
      await page.getByRole("heading", { name: EXPECT.fr.login, exact: true }).waitFor();
      assert.equal(await htmlLang(page), "fr");
      await assertAccessible(page, "switched to French");
      await saveScreenshot(page, "i18n-switched-fr");
      // It sticks: other pages stay French although the browser still asks for Spanish.
      await page.goto(`${app.url}/`);
      await page.getByRole("heading", { name: EXPECT.fr.home }).waitFor();
      assert.equal(await page.getByLabel("Langue").inputValue(), "fr");
      // And back to English.
      await page.getByLabel("Langue").selectOption("en");
      await page.getByRole("button", { name: "Changer" }).click();
      await page.getByRole("heading", { name: "Video appointments your clients can just open" })
        .waitFor();
      assert.equal(await htmlLang(page), "en");
      // The switcher's target sends back to this origin only, and keeps only a known language.
      const to = async (query: string) => {
        const res = await fetch(`${app.url}/language?${query}`, { redirect: "manual" });
        await res.body?.cancel();
        return { location: res.headers.get("location"), cookie: res.headers.get("set-cookie") };
      };
      assert.deepEqual(await to("lang=es&back=%2F%2Fevil.example%2F"), {
        location: "/",
        cookie: (await to("lang=es&back=%2F")).cookie,
      });
      assert.match((await to("lang=fr&back=%2Flogin")).cookie ?? "", /^fd_lang=fr;.*HttpOnly/i);
      assert.equal((await to("lang=fr&back=https%3A%2F%2Fevil.example")).location, "/");
      assert.deepEqual(await to("lang=xx&back=%2Flogin"), { location: "/login", cookie: null });
      // Without a choice, a browser asking for no language we speak gets English.
      const other = await (await browser.newContext({ locale: "de-DE" })).newPage();
      await other.goto(`${app.url}/`);
      assert.equal(await htmlLang(other), "en");
      await ctx.close();
    } finally {
      await browser.close();
      await app.stop();
    }
  },
});
