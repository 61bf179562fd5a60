/**
 * The one place where Frontdesk reads and validates its configuration.
 *
 * Everything comes from environment variables with embedded defaults, so
 * `deno task start` works on a fresh machine with nothing set.
 */

/** Validated runtime configuration. */
export interface Config {
  /** TCP port to listen on (`PORT`, default 8000). */
  port: number;
  /** Interface to bind (`HOSTNAME`, default 127.0.0.1). */
  hostname: string;
  /** Directory for the database and the generated signing secret (`DATA_DIR`, default ./data). */
  dataDir: string;
  /**
   * Where built browser bundles are kept between starts (`BUNDLE_CACHE_DIR`, default
   * `${dataDir}/bundle-cache`; `off` builds on every start). A restart then skips the build.
   */
  bundleCacheDir?: string;
  /** PEM certificate and key paths; both set means HTTPS (`TLS_CERT`, `TLS_KEY`). */
  tls?: { certFile: string; keyFile: string };
  /** Public base URL used in printed and copied links (`PUBLIC_URL`), without trailing slash. */
  publicUrl?: string;
  /** Link-signing secret from `LINK_SECRET`; when absent one is generated into `dataDir`. */
  linkSecret?: Uint8Array;
  /** Extra origins allowed to open the signaling socket (`ALLOWED_ORIGINS`, comma-separated). */
  allowedOrigins: string[];
  /** STUN server URLs (`STUN_URLS`, comma-separated). */
  stunUrls: string[];
  /** TURN server URLs (`TURN_URLS`, comma-separated). */
  turnUrls: string[];
  /** Shared secret of the TURN server's REST API (`TURN_SECRET`). */
  turnSecret?: string;
  /** `ICE_TRANSPORT_POLICY`: "relay" forces every call through TURN (default "all"). */
  iceTransportPolicy: "all" | "relay";
  /** Whether to create a demo professional and appointment on an empty database (`DEMO`, default on). */
  demo: boolean;
  /**
   * Bearer token `/metrics` requires from every address (`METRICS_TOKEN`). Unset: `/metrics`
   * answers loopback peers only, which a reverse proxy on the same machine defeats.
   */
  metricsToken?: string;
  /**
   * Where the first start's demo links go (`PRINT_LINKS`): by default only to an interactive
   * terminal, since journald and docker keep stdout and the dashboard link lasts 30 days.
   */
  printLinks: "terminal" | "always" | "never";
  /**
   * Most people in one call, the professional included (`MAX_PARTICIPANTS`, default 4): the
   * professional, the client (scheduled appointments) and guests. Every call is a mesh of
   * peer-to-peer connections, so each browser sends its media `maxParticipants - 1` times.
   */
  maxParticipants: number;
  /**
   * How long a call socket that dropped keeps its seat, in milliseconds (`SEAT_GRACE_MS`,
   * default 20000): within it a reload or a network blip resumes silently and the others see
   * "reconnecting"; after it they see "left". 0 says "left" at once.
   */
  seatGraceMs: number;
  /**
   * Where sign-in mail goes out (`SMTP_URL`, `smtp://user:pass@host:587` or `smtps://…:465`);
   * unset (the embedded default): email is not set up and the sign-in page says how the operator
   * issues a link instead. Holds a password: never logged, never in an error message.
   */
  smtpUrl?: string;
  /** The sender of every mail (`MAIL_FROM`, an address or `Name <address>`); needed with SMTP. */
  mailFrom?: string;
  /** How long an emailed sign-in link works, in minutes (`SIGN_IN_LINK_MINUTES`, default 15). */
  signInLinkMinutes: number;
  /**
   * How long before its start a client with an address on file is emailed a reminder, in
   * minutes (`REMINDER_MINUTES`, default 60; 0: no reminders).
   */
  reminderMinutes: number;
  /**
   * PostgreSQL instead of the embedded SQLite (`DATABASE_URL`, `postgres://user:pass@host/db`),
   * with the most connections its pool opens (`DATABASE_POOL_MAX`, default 10). Unset: SQLite in
   * `dataDir`. The URL holds a password: never logged, never in an error message.
   */
  database?: { url: string; maxConnections: number };
  /**
   * Signaling shared by several instances through Redis (`REDIS_URL`, `redis://[:pass@]host:6379`
   * or `rediss://…`), with the heartbeat after which a silent instance counts as gone
   * (`REDIS_TTL_MS`, default 10000). Unset: one process, everything in memory. The URL may hold a
   * password: never logged, never in an error message.
   */
  redis?: { url: string; ttlMs: number };
}

/** Minimum length of `LINK_SECRET`, in bytes. */
export const MIN_SECRET_BYTES = 32;

/** Minimum length of `METRICS_TOKEN`, in characters. */
export const MIN_METRICS_TOKEN_CHARS = 16;

/** Default and bounds of `MAX_PARTICIPANTS`. */
export const DEFAULT_MAX_PARTICIPANTS = 4;
export const MAX_PARTICIPANTS_RANGE = { min: 2, max: 8 } as const;

/** Default and bounds of `SEAT_GRACE_MS`. */
export const DEFAULT_SEAT_GRACE_MS = 20_000;
export const SEAT_GRACE_MS_MAX = 600_000;

import { checkEmail } from "../domain/emails.ts";
import { ConfigError, iceUrls, list, secretUrl, url, wholeNumber } from "./config_values.ts";

export { ConfigError };

type Env = Record<string, string | undefined>;

function port(value: string | undefined): number {
  if (value === undefined || value === "") return 8000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(
      `PORT must be an integer from 0 to 65535, got "${value}"`,
    );
  }
  return n;
}

function metricsToken(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  // Printable ASCII without spaces: what an `Authorization: Bearer` header can carry as is.
  if (value.length < MIN_METRICS_TOKEN_CHARS || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError(
      `METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_CHARS} printable characters without ` +
        "spaces; generate one with: openssl rand -hex 32",
    );
  }
  return value;
}

function printLinks(value: string | undefined): Config["printLinks"] {
  const v = (value ?? "").toLowerCase();
  if (v === "") return "terminal";
  if (["1", "true", "yes", "on"].includes(v)) return "always";
  if (["0", "false", "no", "off"].includes(v)) return "never";
  throw new ConfigError(
    `PRINT_LINKS must be 1 or 0 (or unset: only to a terminal), got "${value}"`,
  );
}

function bundleCacheDir(value: string | undefined, dataDir: string): string | undefined {
  const v = (value ?? "").trim();
  if (v === "") return `${dataDir}/bundle-cache`;
  if (v.toLowerCase() === "off") return undefined;
  return v;
}

/** Default and bounds of `SIGN_IN_LINK_MINUTES`. */
export const DEFAULT_SIGN_IN_LINK_MINUTES = 15;
export const SIGN_IN_LINK_MINUTES_RANGE = { min: 1, max: 60 } as const;

function mailFrom(value: string | undefined, smtp: string | undefined): string | undefined {
  const v = (value ?? "").trim();
  if (v === "") {
    if (smtp !== undefined) {
      throw new ConfigError(
        'SMTP_URL is set but MAIL_FROM is not: give the sender, e.g. "Frontdesk <desk@example.com>"',
      );
    }
    return undefined;
  }
  const address = v.match(/^[^<>]*<([^<>]+)>$/)?.[1] ?? v;
  if (!checkEmail(address).ok || /[\r\n]/.test(v)) {
    throw new ConfigError(
      `MAIL_FROM must be an email address or "Name <address>", got "${v}"`,
    );
  }
  return v;
}

/** Default and bounds of `REMINDER_MINUTES` (at most a week ahead). */
export const DEFAULT_REMINDER_MINUTES = 60;
export const REMINDER_MINUTES_RANGE = { min: 0, max: 7 * 24 * 60 } as const;

/** Default and bounds of `DATABASE_POOL_MAX` (PostgreSQL's own default limit is 100). */
export const DEFAULT_DATABASE_POOL_MAX = 10;
export const DATABASE_POOL_MAX_RANGE = { min: 1, max: 100 } as const;

/** Default and bounds of `REDIS_TTL_MS` (socket.io's Redis Streams adapter uses 10 s). */
export const DEFAULT_REDIS_TTL_MS = 10_000;
export const REDIS_TTL_MS_RANGE = { min: 1_000, max: 120_000 } as const;

function database(env: Env): Config["database"] {
  const maxConnections = wholeNumber("DATABASE_POOL_MAX", env.DATABASE_POOL_MAX, {
    fallback: DEFAULT_DATABASE_POOL_MAX,
    ...DATABASE_POOL_MAX_RANGE,
    what: "most connections to PostgreSQL at once",
  });
  const url = secretUrl("DATABASE_URL", env.DATABASE_URL, {
    protocols: ["postgres:", "postgresql:"],
    needsHost: false,
    mustBe: "a postgres:// or postgresql:// URL, e.g. " +
      "postgres://frontdesk:password@db.example.com:5432/frontdesk",
    otherwise: "leave it unset for the embedded SQLite",
  });
  return url === undefined ? undefined : { url, maxConnections };
}

function redis(env: Env): Config["redis"] {
  const ttlMs = wholeNumber("REDIS_TTL_MS", env.REDIS_TTL_MS, {
    fallback: DEFAULT_REDIS_TTL_MS,
    ...REDIS_TTL_MS_RANGE,
    unit: "milliseconds",
    what: "how long a silent instance keeps its calls and presence",
  });
  const url = secretUrl("REDIS_URL", env.REDIS_URL, {
    protocols: ["redis:", "rediss:"],
    needsHost: true,
    mustBe:
      "a redis:// or rediss:// URL with a host, e.g. redis://:password@redis.example.com:6379/0",
    otherwise: "leave it unset for one instance with signaling in memory",
  });
  return url === undefined ? undefined : { url, ttlMs };
}

/** Reads the configuration from `env` (defaults to the process environment). */
export function loadConfig(env: Env = Deno.env.toObject()): Config {
  const certFile = env.TLS_CERT || undefined;
  const keyFile = env.TLS_KEY || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(
      "TLS_CERT and TLS_KEY must be set together (or neither)",
    );
  }
  let linkSecret: Uint8Array | undefined;
  if (env.LINK_SECRET !== undefined && env.LINK_SECRET !== "") {
    linkSecret = new TextEncoder().encode(env.LINK_SECRET);
    if (linkSecret.length < MIN_SECRET_BYTES) {
      throw new ConfigError(
        `LINK_SECRET must be at least ${MIN_SECRET_BYTES} bytes; generate one with: openssl rand -base64 48`,
      );
    }
  }
  const turnUrls = iceUrls("TURN_URLS", env.TURN_URLS, ["turn:", "turns:"]);
  const turnSecret = env.TURN_SECRET || undefined;
  if (turnUrls.length > 0 && turnSecret === undefined) {
    throw new ConfigError(
      "TURN_URLS is set but TURN_SECRET is not: TURN needs its shared secret",
    );
  }
  const allowedOrigins = list(env.ALLOWED_ORIGINS).map((o) => {
    const u = url("ALLOWED_ORIGINS", o, ["http:", "https:"])!;
    return new URL(u).origin;
  });
  const policy = env.ICE_TRANSPORT_POLICY || "all";
  if (policy !== "all" && policy !== "relay") {
    throw new ConfigError(`ICE_TRANSPORT_POLICY must be "all" or "relay", got "${policy}"`);
  }
  if (policy === "relay" && turnUrls.length === 0) {
    throw new ConfigError("ICE_TRANSPORT_POLICY=relay needs TURN_URLS and TURN_SECRET");
  }
  const smtp = secretUrl("SMTP_URL", env.SMTP_URL, {
    protocols: ["smtp:", "smtps:"],
    needsHost: true,
    mustBe:
      "an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@mail.example.com:587",
  });
  return {
    port: port(env.PORT),
    hostname: env.HOSTNAME || "127.0.0.1",
    dataDir: env.DATA_DIR || "./data",
    bundleCacheDir: bundleCacheDir(env.BUNDLE_CACHE_DIR, env.DATA_DIR || "./data"),
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    publicUrl: url("PUBLIC_URL", env.PUBLIC_URL, ["http:", "https:"]),
    linkSecret,
    allowedOrigins,
    stunUrls: iceUrls("STUN_URLS", env.STUN_URLS, ["stun:", "stuns:"]),
    turnUrls,
    turnSecret,
    iceTransportPolicy: policy,
    demo: !["0", "false", "no", "off"].includes((env.DEMO ?? "").toLowerCase()),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    printLinks: printLinks(env.PRINT_LINKS),
    maxParticipants: wholeNumber("MAX_PARTICIPANTS", env.MAX_PARTICIPANTS, {
      fallback: DEFAULT_MAX_PARTICIPANTS,
      ...MAX_PARTICIPANTS_RANGE,
      what: "people in one call, the professional included",
    }),
    seatGraceMs: wholeNumber("SEAT_GRACE_MS", env.SEAT_GRACE_MS, {
      fallback: DEFAULT_SEAT_GRACE_MS,
      min: 0,
      max: SEAT_GRACE_MS_MAX,
      unit: "milliseconds",
      what: "how long a dropped call keeps its seat",
    }),
    smtpUrl: smtp,
    mailFrom: mailFrom(env.MAIL_FROM, smtp),
    signInLinkMinutes: wholeNumber("SIGN_IN_LINK_MINUTES", env.SIGN_IN_LINK_MINUTES, {
      fallback: DEFAULT_SIGN_IN_LINK_MINUTES,
      ...SIGN_IN_LINK_MINUTES_RANGE,
      what: "how long an emailed sign-in link works",
    }),
    reminderMinutes: wholeNumber("REMINDER_MINUTES", env.REMINDER_MINUTES, {
      fallback: DEFAULT_REMINDER_MINUTES,
      ...REMINDER_MINUTES_RANGE,
      what: "how long before an appointment its client is reminded; 0 for no reminders",
    }),
    database: database(env),
    redis: redis(env),
  };
}
