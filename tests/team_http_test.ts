/**
 * Issue 19 §1, admins, against the real server and a real SMTP receiver: an admin adds a
 * professional, who receives an invitation whose link signs them in; bad and taken addresses
 * are refused with the form; a non-admin gets 403; a deactivated professional's session and
 * links are refused with a clear page; an admin cannot deactivate themselves.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client, csrfFrom } from "./helpers/browserless_client.ts";
import { signInLinkFrom, startSmtpReceiver } from "./helpers/smtp_receiver.ts";
import { testSecret } from "./helpers/tokens.ts";
import { openStore } from "../app/open_store.ts";

Deno.test("admins add professionals (invitation email) and deactivate them", async () => {
  const secret = testSecret();
  const smtp = await startSmtpReceiver();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-team-" });
  const env = { LINK_SECRET: secret };
  const adminToken = await addProfessional(dataDir, "Dr. Admin", env, "admin@example.com", [
    "--admin",
  ]);
  const plainToken = await addProfessional(dataDir, "Dr. Plain", env, "plain@example.com");
  const app = await startApp({
    dataDir,
    env: { ...env, SMTP_URL: smtp.url, MAIL_FROM: "desk@example.org" },
  });
  try {
    const admin = new Client(app.url);
    await (await admin.fetch(`/pro-link?token=${adminToken}`)).body?.cancel();
    const plain = new Client(app.url);
    await (await plain.fetch(`/pro-link?token=${plainToken}`)).body?.cancel();

    const notAdmin = await plain.get("/dashboard/team");
    assert.equal(notAdmin.status, 403);
    assert.match(notAdmin.text, /For admins only/);
    assert.doesNotMatch((await plain.get("/dashboard")).text, /href="\/dashboard\/team"/);

    const team = await admin.get("/dashboard/team");
    assert.equal(team.status, 200);
    assert.match(team.text, /plain@example\.com/);
    const csrf = csrfFrom(team.text);

    const bad = await admin.postForm("/dashboard/team", { csrf, name: "Grace", email: "grace" });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /This is not an email address/);
    const taken = await admin.postForm("/dashboard/team", {
      csrf,
      name: "Grace",
      email: "PLAIN@example.com",
    });
    assert.equal(taken.status, 409);
    assert.match(await taken.text(), /Another professional already has this email address/);
    const forged = await admin.postForm("/dashboard/team", {
      csrf: "forged",
      name: "Grace",
      email: "grace@example.org",
    });
    await forged.body?.cancel();
    assert.equal(forged.status, 403);
    const plainAdds = await plain.postForm("/dashboard/team", {
      csrf: csrfFrom((await plain.get("/dashboard")).text),
      name: "Grace",
      email: "grace@example.org",
    });
    await plainAdds.body?.cancel();
    assert.equal(plainAdds.status, 403);

    const added = await admin.postForm("/dashboard/team", {
      csrf,
      name: "Grace Hopper",
      email: "Grace@Example.org",
    });
    assert.equal(added.status, 201);
    assert.match(await added.text(), /an invitation is on its way to grace@example\.org/);
    const invitation = await smtp.waitForMail((m) => m.to.includes("grace@example.org"));
    assert.equal(smtp.mails.length, 1, "only the invitation; no mail for refused adds");
    assert.match(invitation.subject, /invited to Frontdesk/);
    assert.match(invitation.text, /Dr\. Admin added you/);
    const link = new URL(signInLinkFrom(invitation));
    const grace = new Client(app.url);
    const button = await grace.get(link.pathname + link.search);
    const action = button.text.match(/<form method="post" action="([^"]+)"/)![1];
    const signedIn = await grace.postForm(action, { csrf: csrfFrom(button.text) });
    await signedIn.body?.cancel();
    assert.equal(signedIn.status, 303);
    assert.match((await grace.get("/dashboard")).text, /Signed in as Grace Hopper/);

    // Deactivate Grace: her live session is refused with a clear page; her address gets no mail.
    const teamPage = (await admin.get("/dashboard/team")).text;
    const id = teamPage.match(
      /<td data-label="Name">Grace Hopper<\/td>[^]*?\/dashboard\/team\/([^/"]+)\/deactivate/,
    )![1];
    const off = await admin.postForm(`/dashboard/team/${id}/deactivate`, { csrf });
    await off.body?.cancel();
    assert.equal(off.status, 303);
    const refused = await grace.get("/dashboard");
    assert.equal(refused.status, 403);
    assert.match(refused.text, /has been deactivated/);
    assert.match((await admin.get("/dashboard/team")).text, /Deactivated/);

    assert.doesNotMatch(teamPage, /Deactivate Dr\. Admin/, "no button on one's own row");
    const store = await openStore(dataDir);
    const adminId = (await store.findProfessionalByEmail("admin@example.com"))!.id;
    store.close();
    const self = await admin.postForm(`/dashboard/team/${adminId}/deactivate`, { csrf });
    assert.equal(self.status, 409);
    assert.match(await self.text(), /You cannot deactivate yourself/);
    assert.equal((await admin.get("/dashboard")).status, 200);
    const unknown = await admin.postForm("/dashboard/team/no-such-id/deactivate", { csrf });
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /Professional not found/);

    const out = app.output();
    assert.ok(!out.includes("grace@example.org"), "no address in the logs");
    assert.ok(!out.includes(link.searchParams.get("token")!), "no token in the logs");
  } finally {
    await app.stop();
    await smtp.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
