/**
 * Frontdesk's entry point: reads the configuration, serves the app, and
 * shuts down cleanly on SIGINT/SIGTERM. `deno task start` runs `dev.ts`,
 * which first regenerates `fresh.gen.ts` when routes or islands changed.
 */
import manifest from "./fresh.gen.ts";
import { ConfigError, loadConfig } from "./app/config.ts";
import { startServer } from "./app/serve.ts";
import { log } from "./utils/log.ts";
import { authenticateSocket } from "./web/session.ts";

try {
  const server = await startServer(manifest, loadConfig(), authenticateSocket);
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
