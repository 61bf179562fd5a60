/**
 * Starts Frontdesk: opens the store, loads the signing secret, builds the
 * Fresh handler and the signaling endpoint, listens, prints the demo links on
 * a first start, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { createHandler, type Manifest } from "$fresh/server.ts";
import type { Config } from "./config.ts";
import { type AppContext, setAppContext } from "./app_context.ts";
import { log } from "../utils/log.ts";
import { openStore } from "./open_store.ts";
import { ensurePrivateDir } from "./private_paths.ts";
import { loadSigningSecret } from "./secret.ts";
import { baseUrlFor } from "../domain/link_urls.ts";
import { seedDemoOnFirstStart } from "./first_start_demo.ts";
import { Hub } from "../signaling/hub.ts";
import type { SignalingHub } from "../signaling/hub_api.ts";
import { type ClusterHooks, ClusterHub } from "../signaling/cluster/cluster_hub.ts";
import { ReminderSender } from "./reminder_sender.ts";
import { mailerFor } from "./mailer.ts";
import { sendAppointmentMail } from "./appointment_mail.ts";
import { withLocale } from "../i18n/request_locale.ts";
import { createSignalingEndpoint, type SignalingEndpointOptions } from "../signaling/endpoint.ts";
import { createWsTransport } from "../signaling/ws_transport.ts";
import { serveNode } from "../utils/node_server.ts";

/**
 * How long a shutdown waits for open requests to finish. A graceful shutdown alone waits
 * forever, e.g. for a client that never sends the rest of its body.
 */
export const SHUTDOWN_GRACE_MS = 5_000;

/** A running server, for tests and for the signal handlers. */
export interface RunningServer {
  url: string;
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts serving `manifest` with `config`; resolves once listening. `authenticateSocket` tells
 * whose session a WebSocket upgrade carries (web/session.ts): handed in by the entry point, so
 * start-up (app/) does not depend on the request layer (web/) that depends on it.
 */
export async function startServer(
  manifest: Manifest,
  config: Config,
  authenticateSocket: SignalingEndpointOptions["authenticate"],
): Promise<RunningServer> {
  const store = await openStore(config.dataDir, config.database);
  // Which backend, never where: DATABASE_URL holds a password.
  log.info("store opened", { backend: config.database ? "postgresql" : "sqlite" });
  const secret = await loadSigningSecret(config.dataDir, config.linkSecret);
  const hub = signalingHub(
    (hooks) =>
      new Hub({
        store,
        limits: { graceMs: config.seatGraceMs, maxParticipants: config.maxParticipants },
        ...hooks,
      }),
    config,
  );
  const secure = config.tls !== undefined;
  const ctx: AppContext = {
    config,
    store,
    secret,
    hub,
    baseUrl: config.publicUrl ?? baseUrlFor(config),
    secure,
  };
  setAppContext(ctx);

  if (config.bundleCacheDir) await ensurePrivateDir(config.bundleCacheDir, "bundle cache");
  const fresh = await createHandler(manifest, { bundleCacheDir: config.bundleCacheDir });
  const signaling = createSignalingEndpoint({
    authenticate: authenticateSocket,
    allowedOrigins: config.allowedOrigins,
  });

  const tls = config.tls && {
    cert: await Deno.readTextFile(config.tls.certFile),
    key: await Deno.readTextFile(config.tls.keyFile),
  };
  const server = await serveNode({
    hostname: config.hostname,
    port: config.port,
    tls,
    fetch: (req, info) => {
      // Upgrades of /ws never come here (see `upgrade`): what does is plain HTTP.
      if (new URL(req.url).pathname === "/ws") return signaling.refuse(req);
      return fresh(req, info);
    },
    upgrade: { path: "/ws", handle: createWsTransport({ hub, endpoint: signaling }) },
  });
  const addr = server.addr;
  ctx.baseUrl = config.publicUrl ?? baseUrlFor({ ...config, port: addr.port });
  const url = `${secure ? "https" : "http"}://${addr.hostname}:${addr.port}`;
  log.info("listening", { url, public: ctx.baseUrl });

  await seedDemoOnFirstStart(ctx);
  const reminders = startReminders(ctx);

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      reminders?.stop();
      await hub.close();
      // Past the grace time the connections left are dropped, those requests unanswered.
      if (!await server.shutdown(SHUTDOWN_GRACE_MS)) {
        log.warn("requests still open at shutdown; stopping without them", {
          afterMs: SHUTDOWN_GRACE_MS,
        });
      }
      await store.close();
      log.info("stopped");
    })();
    return stopping;
  };
  return { url, finished: server.finished, shutdown };
}

/**
 * The hub the app uses: the in-memory one alone, or with `REDIS_URL` the cluster layer in front
 * of it. A professional stays held by an instance for the seat grace and a minute more after
 * their last socket, so a seat kept for a dropped socket is still there when it comes back.
 */
function signalingHub(
  makeHub: (hooks?: ClusterHooks) => Hub,
  config: Config,
): SignalingHub {
  if (!config.redis) return makeHub();
  const cluster = new ClusterHub({
    hub: makeHub,
    url: config.redis.url,
    ttlMs: config.redis.ttlMs,
    lingerMs: config.seatGraceMs + 60_000,
  });
  // Which instance, never where Redis is: REDIS_URL may hold a password.
  log.info("signaling across instances", { instance: cluster.id, ttlMs: config.redis.ttlMs });
  return cluster;
}

/** Reminder mails, when mail is set up and `REMINDER_MINUTES` is not 0 (app/reminder_sender.ts). */
function startReminders(ctx: AppContext): ReminderSender | null {
  const { config, store } = ctx;
  if (config.reminderMinutes === 0 || !mailerFor(config)) return null;
  const reminders = new ReminderSender({
    store,
    leadMs: config.reminderMinutes * 60_000,
    async send(appt) {
      const pro = await store.getProfessional(appt.professionalId);
      // No request says which language: the client's, as the appointment remembers it.
      if (pro) {
        await withLocale(appt.clientLocale, () => sendAppointmentMail("reminder", appt, pro));
      }
    },
  });
  reminders.start();
  return reminders;
}
