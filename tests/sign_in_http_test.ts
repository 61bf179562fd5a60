/**
 * Sign-in by emailed link against the real server process and a real SMTP receiver on loopback
 * (issue 19 §1): the link signs in once; a used, an expired, a foreign and a deactivated
 * professional's link get a clear page; known and unknown addresses get the same answer; the
 * limits hold; "Sign out everywhere" ends other sessions and revokes dashboard links; no
 * token or address reaches the logs.
 */
import assert from "node:assert/strict";
import { type AppProcess, startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { signInLinkFrom, type SmtpReceiver, startSmtpReceiver } from "./helpers/smtp_receiver.ts";
import { testSecret } from "./helpers/tokens.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { CloseCode, CloseReason, withProtocolVersion } from "../signaling/protocol.ts";
import { openStore } from "../app/open_store.ts";
import { issueSignInLink } from "../domain/sign_in.ts";
import { PER_ADDRESS, PER_CLIENT } from "../web/sign_in_limit.ts";

const ROOT = new URL("../", import.meta.url);
const ADA = "ada.lovelace@example.com";
const FROM = "desk@example.org";

interface World {
  app: AppProcess;
  smtp: SmtpReceiver;
  secret: string;
  dashboardLink: string;
}

async function setUp(): Promise<World> {
  const secret = testSecret();
  const smtp = await startSmtpReceiver();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-signin-" });
  const token = await addProfessional(dataDir, "Dr. Ada Lovelace", { LINK_SECRET: secret }, ADA);
  const app = await startApp({
    dataDir,
    env: { LINK_SECRET: secret, SMTP_URL: smtp.url, MAIL_FROM: `Frontdesk <${FROM}>` },
  });
  return { app, smtp, secret, dashboardLink: `/pro-link?token=${token}` };
}

async function tearDown(w: World) {
  await w.app.stop();
  await w.smtp.close();
  await Deno.remove(w.app.dataDir, { recursive: true });
}

/** Asks for a sign-in link for `email` as `client`; returns the answer. */
async function askForLink(client: Client, email: string) {
  const csrf = csrfFrom((await client.get("/login")).text);
  const res = await client.postForm("/login", { csrf, email });
  return { status: res.status, text: await res.text() };
}

/** The page text with what differs between any two answers (nonce, address) taken out. */
const comparable = (html: string, email: string) =>
  html.replaceAll(email, "ADDRESS").replace(/nonce="[^"]*"/g, "").replace(/\?v=[\w-]+/g, "");

/**
 * Opens an emailed link as `client` does: the page with the "Sign in" button (what a mail
 * scanner would fetch too), then the button's POST. Returns the POST's answer.
 */
async function openEmailedLink(client: Client, link: string) {
  const u = new URL(link);
  const page = await client.get(u.pathname + u.search);
  assert.equal(page.status, 200, page.text);
  assert.match(page.text, /Sign in to Frontdesk/);
  const action = page.text.match(/<form method="post" action="([^"]+)"/)![1];
  const res = await client.postForm(action, { csrf: csrfFrom(page.text) });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

async function pro(args: string[], w: World) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/pro.ts", ...args],
    cwd: ROOT,
    env: { DATA_DIR: w.app.dataDir, LINK_SECRET: w.secret },
    stdin: "null",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

Deno.test("the emailed link signs in once; known and unknown addresses get the same answer", async () => {
  const w = await setUp();
  try {
    const asker = new Client(w.app.url);
    const unknown = await askForLink(asker, "nobody@example.com");
    const known = await askForLink(asker, "  ADA.Lovelace@Example.com ");
    assert.equal(unknown.status, 200);
    assert.equal(known.status, 200);
    assert.match(known.text, /Check your email/);
    assert.equal(comparable(known.text, ADA), comparable(unknown.text, "nobody@example.com"));

    const mail = await w.smtp.waitForMail((m) => m.to.includes(ADA));
    assert.equal(w.smtp.mails.length, 1, "no mail for the unknown address");
    assert.equal(mail.from, FROM);
    assert.match(mail.subject, /sign-in link/);
    assert.match(mail.text, /Hello Dr\. Ada Lovelace/);
    const link = new URL(signInLinkFrom(mail));
    assert.equal(link.port, new URL(w.app.url).port);

    const browser = new Client(w.app.url);
    // A mail scanner fetching the link does not spend it: only the button's POST does.
    await (await new Client(w.app.url).fetch(link.pathname + link.search)).body?.cancel();
    const first = await openEmailedLink(browser, link.href);
    assert.equal(first.status, 303);
    assert.equal(first.location, "/dashboard");
    const dashboard = await browser.get("/dashboard");
    assert.equal(dashboard.status, 200);
    assert.match(dashboard.text, /Signed in as Dr\. Ada Lovelace/);

    const again = await openEmailedLink(new Client(w.app.url), link.href);
    assert.equal(again.status, 410);
    assert.match(again.text, /This sign-in link was already used/);
    assert.match(again.text, /href="\/login"/);

    const forged = await openEmailedLink(
      new Client(w.app.url),
      `${w.app.url}/login/link?token=${"A".repeat(43)}`,
    );
    assert.equal(forged.status, 401);
    assert.match(forged.text, /This sign-in link is not valid/);
    const damaged = await new Client(w.app.url).get("/login/link?token=short");
    assert.equal(damaged.status, 401);
    assert.match(damaged.text, /This sign-in link is not valid/);

    const crossSite = await new Client(w.app.url).fetch(`/login/link?token=${"B".repeat(43)}`, {
      method: "POST",
      headers: {
        "sec-fetch-site": "cross-site",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ csrf: "x" }),
    });
    await crossSite.body?.cancel();
    assert.equal(crossSite.status, 403, "another site cannot post a link for this browser");

    const out = w.app.output();
    assert.ok(!out.includes(link.searchParams.get("token")!), "the token is not logged");
    assert.ok(!out.toLowerCase().includes("ada.lovelace"), "the address is not logged");
    assert.ok(!out.includes("nobody@example.com"));
    assert.ok(!out.includes("smtp-test-password"), "the SMTP password is not logged");
  } finally {
    await tearDown(w);
  }
});

Deno.test("an expired link and a deactivated professional's link are refused with a clear page", async () => {
  const w = await setUp();
  try {
    const store = await openStore(w.app.dataDir);
    let expired: string;
    try {
      const ada = (await store.findProfessionalByEmail(ADA))!;
      // A link issued 20 minutes ago for 15 minutes, as the server itself would have.
      expired = await issueSignInLink(store, ada.id, 15 * 60_000, Date.now() - 20 * 60_000);
    } finally {
      store.close();
    }
    const late = await openEmailedLink(
      new Client(w.app.url),
      `${w.app.url}/login/link?token=${expired}`,
    );
    assert.equal(late.status, 410);
    assert.match(late.text, /This sign-in link has expired/);

    await askForLink(new Client(w.app.url), ADA);
    const link = new URL(signInLinkFrom(await w.smtp.waitForMail((m) => m.to.includes(ADA))));
    await pro(["deactivate", ADA], w);
    const refused = await openEmailedLink(new Client(w.app.url), link.href);
    assert.equal(refused.status, 403);
    assert.match(refused.text, /This account is deactivated/);
    const dashboardLink = await new Client(w.app.url).get(w.dashboardLink);
    assert.equal(dashboardLink.status, 403);

    const before = w.smtp.mails.length;
    const asked = await askForLink(new Client(w.app.url), ADA);
    assert.equal(asked.status, 200, "a deactivated address gets the same answer");
    // The next mail to arrive is for someone else: none went to the deactivated address.
    await pro(["add", "Grace", "--email", "grace@example.org"], w);
    await askForLink(new Client(w.app.url), "grace@example.org");
    const next = await w.smtp.waitForMail(() => true, before);
    assert.deepEqual(next.to, ["grace@example.org"]);
  } finally {
    await tearDown(w);
  }
});

Deno.test("asking for links is limited per address and per client; bad forms are refused", async () => {
  const w = await setUp();
  try {
    const c = new Client(w.app.url);
    const bad = await askForLink(c, "not an address");
    assert.equal(bad.status, 400);
    assert.match(bad.text, /This is not an email address/);
    assert.match(bad.text, /aria-invalid="true"/);

    const noCsrf = await c.postForm("/login", { email: ADA });
    assert.equal(noCsrf.status, 403);
    assert.match(await noCsrf.text(), /This sign-in form has expired/);
    const foreign = await c.fetch("/login", {
      method: "POST",
      headers: {
        origin: "https://evil.example.com",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ csrf: csrfFrom((await c.get("/login")).text), email: ADA }),
    });
    await foreign.body?.cancel();
    assert.equal(foreign.status, 403);

    let used = 1; // the bad address counted against this client
    for (const email of [ADA, "nobody@example.com"]) {
      for (let i = 0; i < PER_ADDRESS; i++) {
        assert.equal((await askForLink(c, email)).status, 200, `${email} #${i + 1}`);
        used++;
      }
      const over = await askForLink(c, email);
      used++;
      assert.equal(over.status, 429, "the same limit for a known and an unknown address");
      assert.match(over.text, /Too many sign-in requests/);
    }
    const toAda = () => w.smtp.mails.filter((m) => m.to.includes(ADA)).length;
    await w.smtp.waitForMail(() => toAda() === PER_ADDRESS);
    let i = 0;
    while (used < PER_CLIENT) {
      assert.equal((await askForLink(c, `someone${i++}@example.com`)).status, 200);
      used++;
    }
    const flooded = await askForLink(c, "someone-else@example.com");
    assert.equal(flooded.status, 429, "the client's limit holds for fresh addresses");
    assert.equal(toAda(), PER_ADDRESS, "no mail beyond the address's limit");
  } finally {
    await tearDown(w);
  }
});

Deno.test("sign out, and sign out everywhere ending other sessions and dashboard links", async () => {
  const w = await setUp();
  try {
    const here = new Client(w.app.url);
    const there = new Client(w.app.url);
    for (const c of [here, there]) await (await c.fetch(w.dashboardLink)).body?.cancel();
    assert.equal((await there.get("/dashboard")).status, 200);

    const signOut = await here.postForm("/dashboard/sign-out", {
      csrf: csrfFrom((await here.get("/dashboard")).text),
    });
    await signOut.body?.cancel();
    assert.equal(signOut.status, 303);
    assert.equal(signOut.headers.get("location"), "/signed-out");
    const back = await here.get("/dashboard");
    assert.equal(back.status, 401);
    assert.match(back.text, /You are signed out/);
    assert.equal(back.res.headers.get("cache-control"), "no-store");
    assert.equal((await there.get("/dashboard")).status, 200, "the other browser stays in");

    await (await here.fetch(w.dashboardLink)).body?.cancel();
    // The other browser has its dashboard's live socket and a call socket open.
    const created = await there.postForm("/dashboard", {
      csrf: csrfFrom((await there.get("/dashboard")).text),
      tz: "UTC",
      clientName: "Open Socket",
      start: new Date().toISOString().slice(0, 16),
      durationMin: "30",
    });
    await created.body?.cancel();
    const appointmentId = created.headers.get("location")!.split("/").at(-1)!;
    const socketOf = (path: string) =>
      new TestSocket(withProtocolVersion(`${w.app.url.replace("http", "ws")}${path}`), {
        cookie: [...there.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        origin: w.app.url,
      });
    const liveList = socketOf("/ws");
    const call = socketOf(`/ws?appointment=${appointmentId}`);
    assert.equal((await liveList.nextOf("welcome")).role, "pro");
    assert.equal((await call.nextOf("welcome")).id, "pro");

    const forged = await here.postForm("/dashboard/sign-out-everywhere", { csrf: "forged" });
    await forged.body?.cancel();
    assert.equal(forged.status, 403);
    const everywhere = await here.postForm("/dashboard/sign-out-everywhere", {
      csrf: csrfFrom((await here.get("/dashboard")).text),
    });
    await everywhere.body?.cancel();
    assert.equal(everywhere.headers.get("location"), "/signed-out?everywhere=1");
    const signedOut = { code: CloseCode.SIGNED_OUT, reason: CloseReason.SIGNED_OUT };
    assert.deepEqual(await liveList.closed, signedOut, "the dashboard socket is closed");
    assert.deepEqual(await call.closed, signedOut, "the call socket is closed");
    const other = await there.get("/dashboard");
    assert.equal(other.status, 410);
    assert.match(other.text, /signed out everywhere/);
    assert.match(other.text, /href="\/login"/);
    const oldLink = await new Client(w.app.url).get(w.dashboardLink);
    assert.equal(oldLink.status, 410, "dashboard links sent before are revoked");
    assert.match(oldLink.text, /revoked when the account was signed out everywhere/);
    assert.match(oldLink.text, /href="\/login"/, "the refused link points to sign-in");

    const ws = await fetch(`${w.app.url}/ws`, {
      headers: {
        cookie: [...there.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
        origin: w.app.url,
      },
    });
    await ws.body?.cancel();
    assert.equal(ws.status, 401, "the old session cannot identify a socket either");
  } finally {
    await tearDown(w);
  }
});

Deno.test("without SMTP_URL the sign-in page says email is not set up and what to do", async () => {
  const app = await startApp();
  try {
    const c = new Client(app.url);
    const page = await c.get("/login");
    assert.equal(page.status, 200);
    assert.match(page.text, /Email is not set up/);
    assert.match(page.text, /deno task pro link/);
    const posted = await c.postForm("/login", { email: ADA });
    await posted.body?.cancel();
    assert.equal(posted.status, 503);
    const home = await c.get("/");
    assert.match(home.text, /href="\/login"/);
  } finally {
    await app.stop();
    await Deno.remove(app.dataDir, { recursive: true });
  }
});
