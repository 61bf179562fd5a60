import { equal } from "node:assert/strict";
import { setBuildId } from "./build_id.ts";
import { asset, IS_BROWSER } from "./runtime.ts";

Deno.test("asset adds the build id to absolute paths only", () => {
  setBuildId("abc");
  equal(asset("/styles.css"), "/styles.css?__frsh_c=abc");
  equal(asset("/img.png?w=2#top"), "/img.png?w=2&__frsh_c=abc#top");
  equal(asset("/a.css?__frsh_c=old"), "/a.css?__frsh_c=old");
  equal(asset("relative.css"), "relative.css");
  equal(asset("//cdn.example/x.js"), "//cdn.example/x.js");
  equal(asset("https://cdn.example/x.js"), "https://cdn.example/x.js");
  setBuildId("");
  equal(asset("/styles.css"), "/styles.css");
});

Deno.test("IS_BROWSER is false on the server", () => {
  equal(IS_BROWSER, false);
});
