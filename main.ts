/**
 * Frontdesk's entry point: reads the configuration, serves the app, and
 * shuts down cleanly on SIGINT/SIGTERM. `deno task start` runs `dev.ts`,
 * which first regenerates `fresh.gen.ts` when routes or islands changed.
 */
import manifest from "./fresh.gen.ts";
import { ConfigError, loadConfig } from "./utils/config.ts";
import { startServer } from "./utils/serve.ts";
import { log } from "./utils/log.ts";

try {
  const server = await startServer(manifest, loadConfig());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      log.info("shutting down", { signal });
      server.shutdown().then(() => Deno.exit(0));
    });
  }
} catch (err) {
  if (err instanceof ConfigError) {
    log.error("configuration error", { error: err.message });
    Deno.exit(2);
  }
  throw err;
}
