import assert from "node:assert/strict";

Deno.test("no two top-level folders import each other, directly or round about (issue 19 §8)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./folder_cycles.ts", import.meta.url).pathname],
    stdout: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, text);
  assert.match(text, /no folder cycles/);
});
