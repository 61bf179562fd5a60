/**
 * The shapes of value Frontdesk's settings take — lists, URLs, whole numbers in a range, URLs
 * that hold a password — each read and checked one way, with an error that names the variable.
 * app/config.ts says which variable is which.
 */

/** Raised when the environment holds a value Frontdesk cannot run with. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Unset or blank. */
function blank(value: string | undefined): value is undefined | "" {
  return value === undefined || value.trim() === "";
}

/** A comma-separated list, entries trimmed, empty ones dropped. */
export function list(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** An absolute URL with one of `schemes`, trailing slashes dropped; unset is undefined. */
export function url(
  name: string,
  value: string | undefined,
  schemes: string[],
): string | undefined {
  if (value === undefined || value === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${value}"`);
  }
  if (!schemes.includes(parsed.protocol)) {
    throw new ConfigError(
      `${name} must use ${schemes.join(" or ")}, got "${value}"`,
    );
  }
  return value.replace(/\/+$/, "");
}

/** A comma-separated list of STUN or TURN URLs, each starting with one of `schemes`. */
export function iceUrls(
  name: string,
  value: string | undefined,
  schemes: string[],
): string[] {
  const urls = list(value);
  for (const u of urls) {
    const scheme = u.split(":")[0] + ":";
    if (!schemes.includes(scheme)) {
      throw new ConfigError(
        `${name} entries must start with ${schemes.join(" or ")}, got "${u}"`,
      );
    }
  }
  return urls;
}

/** How a whole-number setting reads: its default, its bounds, and what it is for. */
export interface WholeNumberRule {
  fallback: number;
  min: number;
  max: number;
  /** What it counts, when not bare numbers ("milliseconds"). */
  unit?: string;
  /** What the setting is for, in the error message. */
  what: string;
}

/** Digits only (no sign, fraction or exponent) within the rule's bounds; unset is the default. */
export function wholeNumber(name: string, value: string | undefined, rule: WholeNumberRule) {
  if (blank(value)) return rule.fallback;
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < rule.min || n > rule.max) {
    const of = rule.unit ? ` of ${rule.unit}` : "";
    throw new ConfigError(
      `${name} must be a whole number${of} from ${rule.min} to ${rule.max} (${rule.what}), ` +
        `got "${value}"`,
    );
  }
  return n;
}

/** How a URL that may hold a password reads. */
export interface SecretUrlRule {
  protocols: string[];
  /** Whether the URL must name a host. */
  needsHost: boolean;
  /** What it must be, for the error message: "a redis:// or rediss:// URL with a host, e.g. …". */
  mustBe: string;
  /** What to do instead, appended after a semicolon ("leave it unset for …"). */
  otherwise?: string;
}

/**
 * A URL with a password in it (a mail server's, a database's): trimmed, checked, and never
 * repeated in the error message.
 */
export function secretUrl(
  name: string,
  value: string | undefined,
  rule: SecretUrlRule,
): string | undefined {
  if (blank(value)) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value.trim());
  } catch {
    parsed = undefined;
  }
  if (
    !parsed || !rule.protocols.includes(parsed.protocol) ||
    (rule.needsHost && parsed.hostname === "")
  ) {
    throw new ConfigError(
      `${name} must be ${rule.mustBe} (the value is not repeated here: it may hold a password)` +
        (rule.otherwise ? `; ${rule.otherwise}` : ""),
    );
  }
  return value.trim();
}
