/**
 * Renders `turn/turnserver.conf.template` into a coturn configuration: fills the `${NAME}`
 * placeholders and refuses any value that could smuggle in an extra config line.
 *
 * @example
 * ```ts
 * const text = renderTurnConfig(await Deno.readTextFile(TEMPLATE_URL), {
 *   secret, realm: "frontdesk", port: 3478, listeningIps: ["127.0.0.1"], relayIps: [],
 *   minPort: 49152, maxPort: 65535, pidFile: "/tmp/x/turnserver.pid",
 * });
 * ```
 */

/** Where the shipped template lives. */
export const TEMPLATE_URL = new URL("./turnserver.conf.template", import.meta.url);

/** Shortest accepted `TURN_SECRET`: anyone who knows it can mint TURN credentials. */
export const MIN_TURN_SECRET_LENGTH = 16;

/** What goes into the template. */
export interface TurnConfigOptions {
  /** The REST API shared secret (`TURN_SECRET`). */
  secret: string;
  realm: string;
  /** UDP and TCP listening port. */
  port: number;
  /** Addresses to listen on; empty means every interface. */
  listeningIps: string[];
  /** Addresses to relay from; empty lets coturn choose. */
  relayIps: string[];
  /** `public` or `public/private` when coturn sits behind NAT. */
  externalIp?: string;
  /** Relay port range. */
  minPort: number;
  maxPort: number;
  pidFile: string;
  /** PEM files for `turns:` (TLS on `port`, default 5349); without them TLS/DTLS are off. */
  tls?: { certFile: string; keyFile: string; port: number };
}

/** Raised for options that cannot be rendered safely. */
export class TurnConfigError extends Error {
  override name = "TurnConfigError";
}

/** Lines the shipped configuration must never contain (test-only relaxations). */
const FORBIDDEN_LINE = /^\s*(allow-loopback-peers|allowed-peer-ip)\b/m;

/** Fills `template` with `opts`; throws {@linkcode TurnConfigError} on unsafe input. */
export function renderTurnConfig(template: string, opts: TurnConfigOptions): string {
  const values: Record<string, string> = {
    TURN_SECRET: secret(opts.secret),
    REALM: word("realm", opts.realm),
    LISTENING_PORT: String(portNumber("port", opts.port)),
    LISTENING_IP_LINES: lines("listening-ip", opts.listeningIps),
    RELAY_IP_LINES: lines("relay-ip", opts.relayIps),
    EXTERNAL_IP_LINES: lines("external-ip", opts.externalIp ? [opts.externalIp] : []),
    MIN_PORT: String(portNumber("minPort", opts.minPort)),
    MAX_PORT: String(portNumber("maxPort", opts.maxPort)),
    TLS_LINES: tlsLines(opts.tls),
    PID_FILE: word("pidFile", opts.pidFile),
  };
  if (opts.minPort > opts.maxPort) throw new TurnConfigError("minPort must not exceed maxPort");
  const used = new Set<string>();
  const text = template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new TurnConfigError(`unknown placeholder \${${name}}`);
    used.add(name);
    return values[name];
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new TurnConfigError(`template lacks \${${unused.join("}, ${")}}`);
  if (FORBIDDEN_LINE.test(text)) {
    throw new TurnConfigError("the shipped TURN config must not relax peer restrictions");
  }
  return text;
}

function secret(value: string): string {
  if ([...value].some((c) => c < " " || c === "\x7f")) {
    throw new TurnConfigError("TURN_SECRET must be one line (no newline or control characters)");
  }
  if (value.trim() !== value) {
    throw new TurnConfigError("TURN_SECRET must not start or end with spaces");
  }
  if (value.length < MIN_TURN_SECRET_LENGTH) {
    throw new TurnConfigError(
      `TURN_SECRET must be at least ${MIN_TURN_SECRET_LENGTH} characters; ` +
        "generate one with: openssl rand -base64 32",
    );
  }
  return value;
}

/** A single token: printable, no whitespace. */
function word(name: string, value: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new TurnConfigError(`${name} must be printable ASCII without spaces, got "${value}"`);
  }
  return value;
}

function portNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new TurnConfigError(`${name} must be an integer from 1 to 65535, got ${value}`);
  }
  return value;
}

/** IP addresses (or `public/private` pairs) as `key=value` lines. */
function lines(key: string, addresses: string[]): string {
  for (const a of addresses) {
    if (!/^[0-9A-Fa-f.:/]+$/.test(a)) {
      throw new TurnConfigError(`${key} must be an IP address, got "${a}"`);
    }
  }
  return addresses.map((a) => `${key}=${a}`).join("\n");
}

function tlsLines(tls: TurnConfigOptions["tls"]): string {
  if (!tls) return "no-tls\nno-dtls";
  return [
    `tls-listening-port=${portNumber("tls.port", tls.port)}`,
    `cert=${word("TURN_CERT", tls.certFile)}`,
    `pkey=${word("TURN_PKEY", tls.keyFile)}`,
  ].join("\n");
}
