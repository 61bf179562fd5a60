import { deepStrictEqual, throws } from "node:assert/strict";
import { comparePatterns, pathToPattern } from "./route_pattern.ts";

Deno.test("pathToPattern maps file paths to URL patterns", () => {
  deepStrictEqual(pathToPattern("index"), "/");
  deepStrictEqual(pathToPattern("about"), "/about");
  deepStrictEqual(pathToPattern("blog/index"), "/blog");
  deepStrictEqual(pathToPattern("blog/[slug]"), "/blog/:slug");
  deepStrictEqual(pathToPattern("[...rest]"), "/:rest*");
  deepStrictEqual(pathToPattern("(marketing)/pricing"), "/pricing");
  deepStrictEqual(pathToPattern("(a)/(b)/index"), "/");
  deepStrictEqual(pathToPattern("docs/[[lang]]"), "/docs{/:lang}?");
  deepStrictEqual(pathToPattern("post-[id]"), "/post-:id");
});

Deno.test("pathToPattern refuses parameter names URLPattern cannot hold", () => {
  throws(() => pathToPattern("[a-b]"), /Invalid route parameter name "a-b"/);
});

Deno.test("comparePatterns puts static before param before catch-all", () => {
  const sorted = ["/:rest*", "/:id", "/about", "/", "/blog/:slug", "/blog/new", "/post-:id"]
    .sort(comparePatterns);
  deepStrictEqual(sorted, [
    "/blog/new",
    "/blog/:slug",
    "/",
    "/about",
    "/post-:id",
    "/:id",
    "/:rest*",
  ]);
});
