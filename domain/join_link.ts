/**
 * `/join-video?token=…` is the one entry for every link a professional sends out of the
 * dashboard: a client's link, a guest's link and an instant call's share link. People never
 * need to know which they hold, and the link they forward or bookmark keeps one shape. The
 * route asks {@linkcode resolveJoinLink}, which picks the resolver by the token's `kind` and
 * lets that resolver verify everything (the kind too, so the unverified peek decides nothing).
 */

import { decodeJwt } from "jose";
import {
  type GuestAccess,
  resolveGuestLink,
  resolveShareLink,
  type ShareAccess,
} from "./guest_links.ts";
import { type ClientAccess, resolveClientLink, type ResolveOptions } from "./links.ts";
import type { Store } from "./store.ts";

/** Which link it was, and what it grants (or why not). */
export type JoinAccess =
  | { link: "client-link"; access: ClientAccess }
  | { link: "guest-link"; access: GuestAccess }
  | { link: "share-link"; access: ShareAccess };

/**
 * Resolves a link opened at `/join-video`. A token whose kind cannot be read (garbage, a forged
 * or unknown kind) goes to the client resolver, whose refusals and messages are today's.
 */
export async function resolveJoinLink(
  store: Store,
  secret: Uint8Array,
  token: string | null | undefined,
  options: ResolveOptions = {},
): Promise<JoinAccess> {
  switch (peekKind(token)) {
    case "guest-link":
      return { link: "guest-link", access: await resolveGuestLink(store, secret, token, options) };
    case "share-link":
      return { link: "share-link", access: await resolveShareLink(store, secret, token, options) };
    default:
      return {
        link: "client-link",
        access: await resolveClientLink(store, secret, token, options),
      };
  }
}

/** The `kind` claim as written, unverified: only to choose the resolver. */
function peekKind(token: string | null | undefined): unknown {
  if (typeof token !== "string" || token.length > 4096) return undefined;
  try {
    return decodeJwt(token).kind;
  } catch {
    return undefined;
  }
}
