/** `deno task manifest`: regenerates `fresh.gen.ts` from `routes/` and `islands/`. */
import { writeManifestIfChanged } from "$fresh/manifest.ts";

const root = new URL("../", import.meta.url).pathname;
const changed = await writeManifestIfChanged(root);
console.info(changed ? "fresh.gen.ts regenerated" : "fresh.gen.ts is up to date");
