/** Strong ETags from content hashes, and the `If-None-Match` check (RFC 9110 §13.1.2). */
import { sha256Hex } from "./hash.ts";

export async function strongEtag(bytes: Uint8Array): Promise<string> {
  return `"${(await sha256Hex(bytes)).slice(0, 32)}"`;
}

/** True when `If-None-Match` lists this ETag (weak comparison, as the RFC asks) or is `*`. */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => bare(tag) === bare(etag));
}
