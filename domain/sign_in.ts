/**
 * Emailed sign-in links. A link's token is 32 random bytes (base64url); the store keeps only
 * its SHA-256, so a copy of the database signs nobody in. A link works once (claimed in the
 * store by one statement) and only for a few minutes (`SIGN_IN_LINK_MINUTES`).
 *
 * @example
 * const token = await issueSignInLink(store, pro.id, 15 * 60_000);
 * const access = await redeemSignInLink(store, token); // { ok: true, professional }
 * await redeemSignInLink(store, token); // { ok: false, reason: "used", status: 410, … }
 */
import { t } from "../i18n/t.ts";
import { base64url } from "jose";
import type { Professional, SignInClaimFailure, Store } from "./store.ts";

/** A token is this many random bytes: 43 characters of base64url. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** How long an invitation's sign-in link works (a new colleague may read it days later). */
export const INVITATION_DAYS = 7;

/** Why a sign-in link was refused. */
export type SignInFailureReason = SignInClaimFailure | "malformed" | "deactivated";

/** A refused sign-in link, ready for a page. */
export interface SignInFailure {
  ok: false;
  reason: SignInFailureReason;
  /** 401 not a link of ours, 410 used or expired, 403 the account is deactivated. */
  status: 401 | 403 | 410;
  title: string;
  message: string;
}

export type SignInAccess = { ok: true; professional: Professional } | SignInFailure;

/** True when `token` looks like one of ours (43 characters of base64url); says nothing more. */
export function isSignInTokenShaped(token: unknown): token is string {
  return typeof token === "string" && TOKEN_PATTERN.test(token);
}

/** The hex SHA-256 of a token: what the store keeps. */
export async function hashSignInToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Creates a sign-in link for the professional, valid `ttlMs`; returns its token (for the mail). */
export async function issueSignInLink(
  store: Store,
  professionalId: string,
  ttlMs: number,
  now: number = Date.now(),
): Promise<string> {
  const token = base64url.encode(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
  await store.createSignInLink(professionalId, await hashSignInToken(token), now + ttlMs);
  return token;
}

/** Claims the link of `token` (once) and finds who it signs in, or says why not. */
export async function redeemSignInLink(
  store: Store,
  token: string | null | undefined,
  now: number = Date.now(),
): Promise<SignInAccess> {
  if (!isSignInTokenShaped(token)) return signInFailure("malformed");
  const claim = await store.claimSignInLink(await hashSignInToken(token), now);
  if (!claim.ok) return signInFailure(claim.reason);
  const professional = await store.getProfessional(claim.professionalId);
  if (!professional) return signInFailure("unknown");
  if (professional.deactivatedAt !== null) {
    await store.audit({
      professionalId: professional.id,
      actor: "system",
      action: "signin.refused",
      detail: "deactivated",
    });
    return signInFailure("deactivated");
  }
  return { ok: true, professional };
}

/** The refusal for `reason`, in plain words. */
export function signInFailure(reason: SignInFailureReason): SignInFailure {
  switch (reason) {
    case "used":
      return {
        ok: false,
        reason,
        status: 410,
        title: t("signIn.used.title"),
        message: t("signIn.used"),
      };
    case "expired":
      return {
        ok: false,
        reason,
        status: 410,
        title: t("signIn.expired.title"),
        message: t("signIn.expired"),
      };
    case "deactivated":
      return {
        ok: false,
        reason,
        status: 403,
        title: t("signIn.deactivated.title"),
        message: t("signIn.deactivated"),
      };
    default:
      return {
        ok: false,
        reason,
        status: 401,
        title: t("signIn.invalid.title"),
        message: t("signIn.invalid"),
      };
  }
}
