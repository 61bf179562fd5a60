import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { browserConfig, findDenoConfig } from "./bundler_config.ts";

Deno.test("browserConfig keeps imports and switches JSX to the automatic runtime", () => {
  const config = JSON.parse(browserConfig(JSON.stringify({
    imports: { "$fresh/": "./fresh/", preact: "npm:preact@10.29.8" },
    nodeModulesDir: "auto",
    compilerOptions: { jsx: "precompile", jsxImportSource: "preact", lib: ["dom"] },
    tasks: { start: "x" },
    lint: {},
    fmt: {},
  })));
  deepStrictEqual(config, {
    imports: { "$fresh/": "./fresh/", preact: "npm:preact@10.29.8" },
    nodeModulesDir: "auto",
    compilerOptions: { jsx: "react-jsx", jsxImportSource: "preact", lib: ["dom"] },
  });
});

Deno.test("findDenoConfig walks up to the nearest deno.json", async () => {
  const found = await findDenoConfig(new URL("./testdata/app/islands", import.meta.url).pathname);
  equal(found, new URL("../deno.json", import.meta.url).pathname);
  await rejects(findDenoConfig("/"), /No deno.json found/);
});
