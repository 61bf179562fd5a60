import { equal, match, ok, rejects } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  assertManifestIsCurrent,
  generateManifest,
  manifestIsCurrent,
  writeManifestIfChanged,
} from "./manifest.ts";
import { createHandler } from "./server.ts";

const fixtureDir = fileURLToPath(new URL("./testdata/app/", import.meta.url));

Deno.test("the committed fixture manifest is what the generator writes", async () => {
  const committed = await Deno.readTextFile(`${fixtureDir}/fresh.gen.ts`);
  equal(await generateManifest(fixtureDir), committed);
  equal(await generateManifest(fixtureDir), committed, "deterministic");
  ok(await manifestIsCurrent(fixtureDir));
});

Deno.test("generated manifests are already deno fmt clean", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--check", `${fixtureDir}/fresh.gen.ts`],
    stdout: "null",
    stderr: "piped",
  }).output();
  equal(output.code, 0, new TextDecoder().decode(output.stderr));
});

Deno.test("an entry past 100 columns is wrapped as deno fmt wraps it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const deep = "routes/dashboard/appointments/[id]/guests/[guestId]";
    await Deno.mkdir(`${dir}/${deep}`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${deep}/remove.ts`, "export const handler = {};\n");
    await Deno.writeTextFile(`${dir}/routes/index.tsx`, "export default () => null;\n");
    await Deno.writeTextFile(`${dir}/fresh.gen.ts`, await generateManifest(dir));
    match(await Deno.readTextFile(`${dir}/fresh.gen.ts`), /remove\.ts":\n {6}\$/);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--check", "--line-width=100", `${dir}/fresh.gen.ts`],
      stdout: "null",
      stderr: "piped",
    }).output();
    equal(output.code, 0, new TextDecoder().decode(output.stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("routes and islands are found, tests left out, names made unique", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/routes/(group)/blog`, { recursive: true });
    await Deno.mkdir(`${dir}/islands`);
    for (
      const file of [
        "routes/index.tsx",
        "routes/index_test.tsx",
        "routes/(group)/blog/[slug].tsx",
        "routes/a-b.ts",
        "routes/a_b.ts",
        "routes/notes.md",
        "islands/Counter.tsx",
        "islands/Counter_test.tsx",
      ]
    ) await Deno.writeTextFile(`${dir}/${file}`, "");
    const content = await generateManifest(dir);
    match(
      content,
      /import \* as \$_group__blog__slug_ from "\.\/routes\/\(group\)\/blog\/\[slug\]\.tsx";/,
    );
    match(content, /import \* as \$a_b from "\.\/routes\/a-b\.ts";/);
    match(content, /import \* as \$a_b_1 from "\.\/routes\/a_b\.ts";/);
    match(content, /"\.\/islands\/Counter\.tsx": \$Counter,/);
    ok(!content.includes("_test"));
    ok(!content.includes("notes.md"));

    equal(await manifestIsCurrent(dir), false);
    await rejects(
      assertManifestIsCurrent(dir),
      /fresh.gen.ts is out of date: run `deno task manifest`/,
    );
    equal(await writeManifestIfChanged(dir), true);
    equal(await writeManifestIfChanged(dir), false);
    ok(await manifestIsCurrent(dir));
    await Deno.writeTextFile(`${dir}/routes/new.tsx`, "");
    equal(await manifestIsCurrent(dir), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createHandler refuses a stale manifest outside dev mode", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/routes`);
    await Deno.writeTextFile(`${dir}/routes/index.tsx`, "");
    const manifest = { routes: {}, islands: {}, baseUrl: `file://${dir}/fresh.gen.ts` };
    await rejects(createHandler(manifest), /fresh.gen.ts is out of date/);
    await createHandler(manifest, { dev: true });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
