import { equal } from "node:assert/strict";
import { backPath, safeBackPath } from "./back_path.ts";

Deno.test("backPath keeps the path and query but drops a token", () => {
  equal(backPath(new URL("http://x/dashboard?q=ada")), "/dashboard?q=ada");
  equal(backPath(new URL("http://x/login/link?token=abc")), "/login/link");
  equal(backPath(new URL("http://x/join?token=abc&x=1")), "/join?x=1");
});

Deno.test("safeBackPath only returns same-origin paths", () => {
  equal(safeBackPath("/appointments/1"), "/appointments/1");
  equal(safeBackPath("/dashboard?q=a"), "/dashboard?q=a");
  equal(safeBackPath("//evil.example/"), "/");
  equal(safeBackPath("/\\evil.example/"), "/");
  equal(safeBackPath("https://evil.example/"), "/");
  equal(safeBackPath("/\t/evil.example"), "/");
  equal(safeBackPath(null), "/");
});
