/**
 * Code usable from both server and islands (`$fresh/runtime.ts`).
 */
import { getBuildId } from "./build_id.ts";

export { Head, type HeadProps } from "./head.ts";

/** True inside the browser bundle, false on the server. */
export const IS_BROWSER = typeof document !== "undefined";

/** The query parameter `asset()` adds; `static/` answers such URLs with immutable caching. */
export const ASSET_CACHE_PARAM = "__frsh_c";

/**
 * Adds the build id to a same-origin absolute path so browsers fetch it again after a deploy.
 *
 * @example asset("/styles.css") // "/styles.css?__frsh_c=3f1c…"
 */
export function asset(path: string): string {
  const buildId = getBuildId();
  if (!buildId || !path.startsWith("/") || path.startsWith("//")) return path;
  const url = new URL(path, "http://localhost");
  if (url.searchParams.has(ASSET_CACHE_PARAM)) return path;
  url.searchParams.set(ASSET_CACHE_PARAM, buildId);
  return url.pathname + url.search + url.hash;
}
