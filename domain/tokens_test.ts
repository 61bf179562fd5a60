import { deepEqual, equal, ok } from "node:assert/strict";
import { generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { joinWindow } from "./appointments.ts";
import {
  AUDIENCE,
  ISSUER,
  PRO_LINK_TTL_MS,
  PRO_SESSION_TTL_MS,
  signClientLink,
  signGuestLink,
  signProLink,
  signSession,
  signShareLink,
  TOKEN_KINDS,
  type TokenFailure,
  type TokenKind,
  verifyToken,
} from "./tokens.ts";

const SECRET = new TextEncoder().encode("test-secret-of-at-least-32-bytes-long!!");
const NOW = Date.UTC(2030, 0, 1, 10, 0);
const S = (ms: number) => Math.floor(ms / 1000);
const appt = {
  id: "appt-a",
  linkVersion: 3,
  shareVersion: 5,
  startsAt: NOW + 3_600_000,
  durationMin: 30,
};
const guest = { id: "guest-g", linkVersion: 2 };

async function expectFailure(
  token: string | null | undefined,
  kind: TokenKind,
  reason: TokenFailure,
  now = NOW,
) {
  const r = await verifyToken(SECRET, token, kind, now);
  ok(!r.ok, `expected ${reason}, token was accepted`);
  equal(r.reason, reason);
  return r;
}

/** A token with arbitrary claims, HS256 with our secret unless told otherwise. */
function forge(
  claims: JWTPayload,
  opts: { omit?: string[]; alg?: string; key?: CryptoKey | Uint8Array } = {},
): Promise<string> {
  const base: JWTPayload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "pro-1",
    iat: S(NOW),
    exp: S(NOW + 3_600_000),
    kind: "pro-link",
    ...claims,
  };
  for (const name of opts.omit ?? []) delete base[name];
  return new SignJWT(base).setProtectedHeader({ alg: opts.alg ?? "HS256" }).sign(
    opts.key ?? SECRET,
  );
}

const b64url = (s: string) => btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

Deno.test("happy path: a pro link verifies with its claims for 30 days", async () => {
  const token = await signProLink(SECRET, "pro-1", NOW);
  const r = await verifyToken(SECRET, token, "pro-link", NOW);
  ok(r.ok);
  deepEqual(r.claims, {
    kind: "pro-link",
    sub: "pro-1",
    iat: S(NOW),
    exp: S(NOW + PRO_LINK_TTL_MS),
    sv: 1,
  });
  ok((await verifyToken(SECRET, token, "pro-link", NOW + PRO_LINK_TTL_MS - 1000)).ok);
  await expectFailure(token, "pro-link", "expired", NOW + PRO_LINK_TTL_MS + 1000);
});

Deno.test("a pro link and session carry the professional's session version", async () => {
  const link = await verifyToken(
    SECRET,
    await signProLink(SECRET, "pro-1", NOW, 3),
    "pro-link",
    NOW,
  );
  ok(link.ok);
  equal(link.claims.sv, 3);
  const session = await signSession(SECRET, {
    kind: "pro-session",
    professionalId: "pro-1",
    sessionVersion: 4,
  }, NOW);
  const r = await verifyToken(SECRET, session, "pro-session", NOW);
  ok(r.ok);
  equal(r.claims.sv, 4);
});

Deno.test("happy path: a client link carries the version and ends with the join window", async () => {
  const token = await signClientLink(SECRET, appt, NOW);
  const r = await verifyToken(SECRET, token, "client-link", NOW);
  ok(r.ok);
  deepEqual(r.claims, {
    kind: "client-link",
    sub: "appt-a",
    iat: S(NOW),
    exp: S(joinWindow(appt).closesAt),
    v: 3,
  });
  ok(!("nbf" in JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")))));
  await expectFailure(token, "client-link", "expired", joinWindow(appt).closesAt + 1000);
});

Deno.test("happy path: sessions for both sides", async () => {
  const pro = await signSession(SECRET, { kind: "pro-session", professionalId: "pro-1" }, NOW);
  const rp = await verifyToken(SECRET, pro, "pro-session", NOW);
  ok(rp.ok);
  equal(rp.claims.exp, S(NOW + PRO_SESSION_TTL_MS));

  const linkExp = S(joinWindow(appt).closesAt);
  const client = await signSession(SECRET, {
    kind: "client-session",
    appointmentId: "appt-a",
    linkVersion: 3,
    linkExp,
  }, NOW);
  const rc = await verifyToken(SECRET, client, "client-session", NOW);
  ok(rc.ok);
  deepEqual([rc.claims.sub, rc.claims.v, rc.claims.exp], ["appt-a", 3, linkExp]);
});

Deno.test("empty and garbage input never throws", async () => {
  await expectFailure("", "pro-link", "empty");
  await expectFailure("   ", "pro-link", "empty");
  await expectFailure(null, "pro-link", "empty");
  await expectFailure(undefined, "client-link", "empty");
  for (const garbage of ["garbage", "a.b.c", "...", "x".repeat(5000), "é.é.é"]) {
    await expectFailure(garbage, "pro-link", "malformed");
  }
  // A readable HS256 header with nothing signed: jose checks the signature first.
  await expectFailure("eyJhbGciOiJIUzI1NiJ9..", "pro-link", "bad_signature");
});

Deno.test("alg none is refused", async () => {
  const header = b64url(JSON.stringify({ alg: "none", typ: "JWT" }));
  const payload = b64url(JSON.stringify({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "pro-1",
    kind: "pro-link",
    iat: S(NOW),
    exp: S(NOW) + 3600,
  }));
  await expectFailure(`${header}.${payload}.`, "pro-link", "bad_algorithm");
});

Deno.test("HS512 with the same secret is refused", async () => {
  await expectFailure(await forge({}, { alg: "HS512" }), "pro-link", "bad_algorithm");
});

Deno.test("an RS256 token is refused", async () => {
  const { privateKey } = await generateKeyPair("RS256");
  await expectFailure(
    await forge({}, { alg: "RS256", key: privateKey }),
    "pro-link",
    "bad_algorithm",
  );
});

Deno.test("another secret, or a tampered payload, fails the signature", async () => {
  const other = new TextEncoder().encode("another-secret-of-at-least-32-bytes!!!!");
  await expectFailure(await signProLink(other, "pro-1", NOW), "pro-link", "bad_signature");
  const [h, , sig] = (await signProLink(SECRET, "pro-1", NOW)).split(".");
  const forged = b64url(JSON.stringify({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "someone-else",
    kind: "pro-link",
    iat: S(NOW),
    exp: S(NOW) + 3600,
  }));
  await expectFailure(`${h}.${forged}.${sig}`, "pro-link", "bad_signature");
});

Deno.test("time claims: expired, not yet valid, missing exp or iat", async () => {
  const expired = await expectFailure(
    await forge({ exp: S(NOW) - 10 }),
    "pro-link",
    "expired",
  );
  equal(expired.signedPayload?.sub, "pro-1");
  await expectFailure(await forge({ nbf: S(NOW) + 600 }), "pro-link", "not_yet_valid");
  await expectFailure(await forge({}, { omit: ["exp"] }), "pro-link", "missing_claim");
  await expectFailure(await forge({}, { omit: ["iat"] }), "pro-link", "missing_claim");
  await expectFailure(await forge({ exp: "soon" as unknown as number }), "pro-link", "malformed");
});

Deno.test("issuer and audience must be ours", async () => {
  await expectFailure(await forge({ iss: "someone" }), "pro-link", "wrong_issuer");
  await expectFailure(await forge({ aud: "someone" }), "pro-link", "wrong_audience");
  await expectFailure(await forge({}, { omit: ["iss"] }), "pro-link", "missing_claim");
  await expectFailure(await forge({}, { omit: ["aud"] }), "pro-link", "missing_claim");
});

Deno.test("kinds never cross: client link as pro link, pro link as client link, sessions as links", async () => {
  const clientLink = await signClientLink(SECRET, appt, NOW);
  const proLink = await signProLink(SECRET, "pro-1", NOW);
  const proSession = await signSession(SECRET, { kind: "pro-session", professionalId: "p" }, NOW);
  const clientSession = await signSession(SECRET, {
    kind: "client-session",
    appointmentId: "appt-a",
    linkVersion: 3,
    linkExp: S(NOW) + 3600,
  }, NOW);
  await expectFailure(clientLink, "pro-link", "wrong_kind");
  await expectFailure(clientLink, "pro-session", "wrong_kind");
  await expectFailure(clientLink, "client-session", "wrong_kind");
  await expectFailure(proLink, "client-link", "wrong_kind");
  await expectFailure(proLink, "pro-session", "wrong_kind");
  await expectFailure(proSession, "pro-link", "wrong_kind");
  await expectFailure(clientSession, "client-link", "wrong_kind");
  await expectFailure(clientSession, "pro-session", "wrong_kind");
});

Deno.test("kind, subject and link version are required", async () => {
  await expectFailure(await forge({}, { omit: ["kind"] }), "pro-link", "missing_claim");
  await expectFailure(await forge({}, { omit: ["sub"] }), "pro-link", "missing_claim");
  await expectFailure(await forge({ kind: "client-link" }), "client-link", "missing_claim");
  await expectFailure(await forge({ kind: "client-link", v: 0 }), "client-link", "missing_claim");
  await expectFailure(await forge({ kind: "client-link", v: "1" }), "client-link", "missing_claim");
  ok(
    (await verifyToken(SECRET, await forge({ kind: "client-link", v: 1 }), "client-link", NOW)).ok,
  );
});

Deno.test("happy path: a guest link names the appointment, the guest and its version", async () => {
  const token = await signGuestLink(SECRET, appt, guest, NOW);
  const r = await verifyToken(SECRET, token, "guest-link", NOW);
  ok(r.ok);
  deepEqual(r.claims, {
    kind: "guest-link",
    sub: "appt-a",
    iat: S(NOW),
    exp: S(joinWindow(appt).closesAt),
    v: 2,
    gid: "guest-g",
  });
  await expectFailure(token, "guest-link", "expired", joinWindow(appt).closesAt + 1000);
});

Deno.test("happy path: a share link carries the share version and ends with the window", async () => {
  const token = await signShareLink(SECRET, appt, NOW);
  const r = await verifyToken(SECRET, token, "share-link", NOW);
  ok(r.ok);
  deepEqual(r.claims, {
    kind: "share-link",
    sub: "appt-a",
    iat: S(NOW),
    exp: S(joinWindow(appt).closesAt),
    v: 5,
  });
});

Deno.test("happy path: guest and share sessions end with their link", async () => {
  const linkExp = S(joinWindow(appt).closesAt);
  const g = await signSession(SECRET, {
    kind: "guest-session",
    appointmentId: "appt-a",
    guestId: "guest-g",
    linkVersion: 2,
    linkExp,
  }, NOW);
  const rg = await verifyToken(SECRET, g, "guest-session", NOW);
  ok(rg.ok);
  deepEqual([rg.claims.sub, rg.claims.gid, rg.claims.v, rg.claims.exp], [
    "appt-a",
    "guest-g",
    2,
    linkExp,
  ]);
  const sh = await signSession(SECRET, {
    kind: "share-session",
    appointmentId: "appt-a",
    shareVersion: 5,
    linkExp,
  }, NOW);
  const rs = await verifyToken(SECRET, sh, "share-session", NOW);
  ok(rs.ok);
  deepEqual([rs.claims.sub, rs.claims.v, rs.claims.gid], ["appt-a", 5, undefined]);
});

Deno.test("no kind is accepted as any other: the whole matrix", async () => {
  const linkExp = S(NOW) + 3600;
  const tokens: Record<TokenKind, string> = {
    "pro-link": await signProLink(SECRET, "pro-1", NOW),
    "client-link": await signClientLink(SECRET, appt, NOW),
    "guest-link": await signGuestLink(SECRET, appt, guest, NOW),
    "share-link": await signShareLink(SECRET, appt, NOW),
    "pro-session": await signSession(SECRET, { kind: "pro-session", professionalId: "p" }, NOW),
    "client-session": await signSession(SECRET, {
      kind: "client-session",
      appointmentId: "appt-a",
      linkVersion: 3,
      linkExp,
    }, NOW),
    "guest-session": await signSession(SECRET, {
      kind: "guest-session",
      appointmentId: "appt-a",
      guestId: "guest-g",
      linkVersion: 2,
      linkExp,
    }, NOW),
    "share-session": await signSession(SECRET, {
      kind: "share-session",
      appointmentId: "appt-a",
      shareVersion: 5,
      linkExp,
    }, NOW),
  };
  for (const made of TOKEN_KINDS) {
    for (const asKind of TOKEN_KINDS) {
      const r = await verifyToken(SECRET, tokens[made], asKind, NOW);
      if (made === asKind) ok(r.ok, made);
      else equal(r.ok ? "accepted" : r.reason, "wrong_kind", `${made} as ${asKind}`);
    }
  }
});

Deno.test("guest kinds need a guest id; share kinds a share version", async () => {
  const guestClaims = { kind: "guest-link", v: 1, gid: "g1" };
  ok((await verifyToken(SECRET, await forge(guestClaims), "guest-link", NOW)).ok);
  for (const bad of [{ gid: undefined }, { gid: "" }, { gid: 7 }, { v: undefined }]) {
    await expectFailure(await forge({ ...guestClaims, ...bad }), "guest-link", "missing_claim");
  }
  await expectFailure(
    await forge({ kind: "guest-session", v: 1 }),
    "guest-session",
    "missing_claim",
  );
  await expectFailure(await forge({ kind: "share-link" }), "share-link", "missing_claim");
  await expectFailure(
    await forge({ kind: "share-session", v: 0 }),
    "share-session",
    "missing_claim",
  );
  ok((await verifyToken(SECRET, await forge({ kind: "share-link", v: 1 }), "share-link", NOW)).ok);
});
