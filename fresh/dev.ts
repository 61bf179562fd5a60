/**
 * `dev(import.meta.url, "./main.ts")` (Fresh 1.x): refreshes `fresh.gen.ts` beside the caller,
 * marks the process as dev mode, then starts the app.
 */
import { fileURLToPath } from "node:url";
import { setDevMode } from "./dev_mode.ts";
import { writeManifestIfChanged } from "./manifest.ts";

export async function dev(base: string, entrypoint: string): Promise<void> {
  const rootDir = fileURLToPath(new URL(".", base));
  await writeManifestIfChanged(rootDir);
  setDevMode();
  await import(new URL(entrypoint, base).href);
}
