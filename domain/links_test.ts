import { deepEqual, equal, ok } from "node:assert/strict";
import { generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { instantCall, joinWindow } from "./appointments.ts";
import {
  type ClientAccess,
  LINK_REJECTED,
  type LinkFailure,
  type ProAccess,
  REFUSAL_AUDIT_WINDOW_MS,
  resolveClientLink,
  resolveClientSession,
  resolveProLink,
  resolveProSession,
} from "./links.ts";
import { SqliteStore } from "./sqlite_store.ts";
import type { Appointment, NewAuditEntry, Professional } from "./store.ts";
import { AUDIENCE, ISSUER, signClientLink, signProLink, signSession } from "./tokens.ts";

const SECRET = new TextEncoder().encode("links-test-secret-with-32-or-more-bytes!");
const NOW = Date.UTC(2030, 2, 3, 14, 0);
const S = (ms: number) => Math.floor(ms / 1000);

/** The real store, recording every write so tests can say "one audit row, nothing else". */
class RecordingStore extends SqliteStore {
  writes: string[] = [];
  audits: NewAuditEntry[] = [];
  override audit(entry: NewAuditEntry) {
    this.writes.push("audit");
    this.audits.push(entry);
    return super.audit(entry);
  }
  override setStatus(...args: Parameters<SqliteStore["setStatus"]>) {
    this.writes.push("setStatus");
    return super.setStatus(...args);
  }
  override revokeLink(...args: Parameters<SqliteStore["revokeLink"]>) {
    this.writes.push("revokeLink");
    return super.revokeLink(...args);
  }
  reset() {
    this.writes = [];
    this.audits = [];
  }
}

interface Fixture {
  store: RecordingStore;
  ada: Professional;
  a: Appointment;
  b: Appointment;
}

async function fixture(): Promise<Fixture> {
  const store = new RecordingStore(":memory:", () => NOW);
  const ada = await store.createProfessional("Dr. Ada Lovelace");
  const make = () =>
    store.createAppointment({
      professionalId: ada.id,
      clientName: "Charles",
      startsAt: NOW + 10 * 60_000,
      durationMin: 30,
    });
  const a = await make();
  const b = await make();
  store.reset();
  return { store, ada, a, b };
}

/** Asserts a refusal and exactly one audit row with the reason as its only detail. */
function expectRefused(
  store: RecordingStore,
  result: ClientAccess | ProAccess,
  status: 401 | 403 | 410,
  reason: string,
  auditIds: { appointmentId?: string; professionalId?: string } = {},
): LinkFailure {
  ok(!result.ok, `expected ${reason}, got access`);
  equal(result.reason, reason);
  equal(result.status, status);
  ok(result.message.length > 10);
  deepEqual(store.writes, ["audit"]);
  deepEqual(store.audits[0], {
    ...auditIds,
    actor: "system",
    action: LINK_REJECTED,
    detail: reason,
    collapseWithinMs: REFUSAL_AUDIT_WINDOW_MS,
  });
  store.reset();
  return result;
}

function forge(claims: JWTPayload, alg = "HS256", key: Uint8Array | CryptoKey = SECRET) {
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    iat: S(NOW),
    exp: S(NOW + 3_600_000),
    ...claims,
  }).setProtectedHeader({ alg }).sign(key);
}

Deno.test("client link: happy path gives the appointment and professional, writes nothing", async () => {
  const { store, ada, a } = await fixture();
  const token = await signClientLink(SECRET, a, NOW);
  const r = await resolveClientLink(store, SECRET, token, { now: NOW });
  ok(r.ok);
  equal(r.appointment.id, a.id);
  equal(r.professional.id, ada.id);
  equal(r.claims.v, 1);
  deepEqual(store.writes, []);
  // Early is fine (no nbf): the page shows "opens at…".
  ok((await resolveClientLink(store, SECRET, token, { now: NOW - 86_400_000 })).ok);
  store.close();
});

Deno.test("client link: a cancelled appointment still resolves", async () => {
  const { store, a } = await fixture();
  await store.setStatus(a.id, "cancelled", "professional");
  store.reset();
  const r = await resolveClientLink(store, SECRET, await signClientLink(SECRET, a, NOW), {
    now: NOW,
  });
  ok(r.ok);
  equal(r.appointment.status, "cancelled");
  store.close();
});

Deno.test("client link: appointment A's token does not open B", async () => {
  const { store, ada, a, b } = await fixture();
  const tokenA = await signClientLink(SECRET, a, NOW);
  ok(
    (await resolveClientLink(store, SECRET, tokenA, { now: NOW, expectedAppointmentId: a.id })).ok,
  );
  const r = await resolveClientLink(store, SECRET, tokenA, {
    now: NOW,
    expectedAppointmentId: b.id,
  });
  expectRefused(store, r, 401, "wrong_appointment", {
    appointmentId: a.id,
    professionalId: ada.id,
  });
  store.close();
});

Deno.test("client link: a revoked version is refused with 410 naming the professional", async () => {
  const { store, ada, a } = await fixture();
  const old = await signClientLink(SECRET, a, NOW);
  const renewed = await store.revokeLink(a.id, "professional");
  store.reset();
  const r = await resolveClientLink(store, SECRET, old, { now: NOW });
  const failure = expectRefused(store, r, 410, "revoked", {
    appointmentId: a.id,
    professionalId: ada.id,
  });
  ok(failure.message.includes("Ask Dr. Ada Lovelace for the new link"), failure.message);
  ok(
    (await resolveClientLink(store, SECRET, await signClientLink(SECRET, renewed, NOW), {
      now: NOW,
    })).ok,
  );
  store.close();
});

Deno.test("client link: expired is 410 and names the appointment in the audit", async () => {
  const { store, ada, a } = await fixture();
  const token = await signClientLink(SECRET, a, NOW);
  const r = await resolveClientLink(store, SECRET, token, { now: joinWindow(a).closesAt + 1000 });
  expectRefused(store, r, 410, "expired", { appointmentId: a.id, professionalId: ada.id });
  store.close();
});

Deno.test("client link: unknown appointment is 401", async () => {
  const { store, a } = await fixture();
  const token = await signClientLink(SECRET, { ...a, id: crypto.randomUUID() }, NOW);
  expectRefused(
    store,
    await resolveClientLink(store, SECRET, token, { now: NOW }),
    401,
    "unknown_appointment",
  );
  store.close();
});

Deno.test("client link: the whole token matrix is refused with 401 and one audit row", async () => {
  const { store, ada, a } = await fixture();
  const { privateKey } = await generateKeyPair("RS256");
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "");
  const linkClaims = { sub: a.id, kind: "client-link", v: 1 };
  const ids = { appointmentId: a.id, professionalId: ada.id };
  const cases: [string, string | null, Record<string, string>][] = [
    ["empty", "", {}],
    ["empty", null, {}],
    ["malformed", "garbage", {}],
    ["bad_algorithm", `${b64({ alg: "none" })}.${b64({ ...linkClaims, iss: ISSUER })}.`, {}],
    ["bad_algorithm", await forge(linkClaims, "HS512"), {}],
    ["bad_algorithm", await forge(linkClaims, "RS256", privateKey), {}],
    ["bad_signature", await forge(linkClaims, "HS256", new Uint8Array(32)), {}],
    ["not_yet_valid", await forge({ ...linkClaims, nbf: S(NOW) + 60 }), ids],
    ["wrong_issuer", await forge({ ...linkClaims, iss: "evil" }), ids],
    ["wrong_audience", await forge({ ...linkClaims, aud: "evil" }), ids],
    ["missing_claim", await forge({ ...linkClaims, exp: undefined }), ids],
    ["missing_claim", await forge({ ...linkClaims, iat: undefined }), ids],
    ["missing_claim", await forge({ ...linkClaims, v: undefined }), ids],
    ["wrong_kind", await signProLink(SECRET, ada.id, NOW), { professionalId: ada.id }],
    [
      "wrong_kind",
      await signSession(SECRET, {
        kind: "client-session",
        appointmentId: a.id,
        linkVersion: 1,
        linkExp: S(NOW) + 600,
      }, NOW),
      ids,
    ],
  ];
  for (const [reason, token, auditIds] of cases) {
    const r = await resolveClientLink(store, SECRET, token, { now: NOW });
    expectRefused(store, r, 401, reason, auditIds);
  }
  store.close();
});

Deno.test("client session: follows the link version, so revoking ends the session", async () => {
  const { store, a } = await fixture();
  const linkExp = S(joinWindow(a).closesAt);
  const cookie = await signSession(SECRET, {
    kind: "client-session",
    appointmentId: a.id,
    linkVersion: 1,
    linkExp,
  }, NOW);
  ok((await resolveClientSession(store, SECRET, cookie, { now: NOW })).ok);
  await store.revokeLink(a.id, "professional");
  store.reset();
  expectRefused(
    store,
    await resolveClientSession(store, SECRET, cookie, { now: NOW }),
    410,
    "revoked",
    { appointmentId: a.id, professionalId: a.professionalId },
  );
  // A link is not a session cookie.
  expectRefused(
    store,
    await resolveClientSession(store, SECRET, await signClientLink(SECRET, a, NOW), { now: NOW }),
    401,
    "wrong_kind",
    { appointmentId: a.id, professionalId: a.professionalId },
  );
  store.close();
});

Deno.test("sessions: a missing cookie is refused without an audit row", async () => {
  const { store } = await fixture();
  const client = await resolveClientSession(store, SECRET, undefined, { now: NOW });
  ok(!client.ok);
  equal(client.reason, "empty");
  const pro = await resolveProSession(store, SECRET, "", { now: NOW });
  ok(!pro.ok);
  equal(pro.status, 401);
  deepEqual(store.writes, []);
  store.close();
});

Deno.test("pro link: happy path, unknown professional, client token, expired", async () => {
  const { store, ada, a } = await fixture();
  const r = await resolveProLink(store, SECRET, await signProLink(SECRET, ada.id, NOW), {
    now: NOW,
  });
  ok(r.ok);
  equal(r.professional.id, ada.id);
  deepEqual(store.writes, []);

  const ghost = await signProLink(SECRET, crypto.randomUUID(), NOW);
  expectRefused(
    store,
    await resolveProLink(store, SECRET, ghost, { now: NOW }),
    401,
    "unknown_professional",
  );

  const clientToken = await signClientLink(SECRET, a, NOW);
  expectRefused(
    store,
    await resolveProLink(store, SECRET, clientToken, { now: NOW }),
    401,
    "wrong_kind",
    { appointmentId: a.id, professionalId: ada.id },
  );

  const sessionAsLink = await signSession(
    SECRET,
    { kind: "pro-session", professionalId: ada.id },
    NOW,
  );
  expectRefused(
    store,
    await resolveProLink(store, SECRET, sessionAsLink, { now: NOW }),
    401,
    "wrong_kind",
    { professionalId: ada.id },
  );

  const old = await signProLink(SECRET, ada.id, NOW - 31 * 86_400_000);
  expectRefused(store, await resolveProLink(store, SECRET, old, { now: NOW }), 410, "expired", {
    professionalId: ada.id,
  });

  const forged = await forge({ sub: ada.id, kind: "pro-link" }, "HS512");
  expectRefused(
    store,
    await resolveProLink(store, SECRET, forged, { now: NOW }),
    401,
    "bad_algorithm",
  );
  store.close();
});

Deno.test("pro session: happy path and a pro link used as a session", async () => {
  const { store, ada } = await fixture();
  const cookie = await signSession(SECRET, { kind: "pro-session", professionalId: ada.id }, NOW);
  const r = await resolveProSession(store, SECRET, cookie, { now: NOW });
  ok(r.ok);
  equal(r.professional.name, "Dr. Ada Lovelace");
  expectRefused(
    store,
    await resolveProSession(store, SECRET, await signProLink(SECRET, ada.id, NOW), { now: NOW }),
    401,
    "wrong_kind",
    { professionalId: ada.id },
  );
  store.close();
});

Deno.test("client link: an instant call has no client, so a client link for it is the wrong kind", async () => {
  const { store, ada } = await fixture();
  const call = await store.createAppointment(instantCall(ada.id, NOW));
  store.reset();
  expectRefused(
    store,
    await resolveClientLink(store, SECRET, await signClientLink(SECRET, call, NOW), { now: NOW }),
    401,
    "wrong_kind",
    { appointmentId: call.id, professionalId: ada.id },
  );
  store.close();
});
