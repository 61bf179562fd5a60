/**
 * Refuses a data directory, or a file in it, that another user could change
 * or read, the way ssh refuses an unprotected key: with the command that fixes
 * it, rather than tightening modes behind the operator's back. Skipped where
 * the platform has no Unix owners and modes (Windows).
 */
import { ConfigError } from "./config.ts";

/** What a path holds, for the message and for which mode bits are too loose. */
export type PrivatePathKind =
  | "data directory"
  | "signing secret"
  | "database file"
  | "bundle cache";

/**
 * Throws a {@linkcode ConfigError} naming the fix when `path` (already
 * stat-ed as `info`) is not owned by this process's user, or is writable by
 * group or others (a directory), or open to group or others at all (a file).
 */
export function assertPrivate(path: string, info: Deno.FileInfo, kind: PrivatePathKind): void {
  const uid = Deno.uid();
  if (uid !== null && info.uid !== null && info.uid !== uid) {
    const recursive = info.isDirectory ? "-R " : "";
    throw new ConfigError(
      `The ${kind} ${path} belongs to uid ${info.uid}, not to the user running Frontdesk ` +
        `(uid ${uid}). Run Frontdesk as its owner, or fix with: chown ${recursive}${uid} ` +
        shellQuote(path),
    );
  }
  if (info.mode === null) return;
  const mode = info.mode & 0o777;
  const loose = info.isDirectory ? 0o022 : 0o077;
  if ((mode & loose) === 0) return;
  const what = info.isDirectory ? "writable by other users" : "open to other users";
  const fix = info.isDirectory ? "chmod 700" : "chmod 600";
  const secretNote = kind === "signing secret"
    ? " Anyone who read it can sign links: to be safe, remove it instead (a new one is " +
      "generated; every link issued so far stops working)."
    : "";
  throw new ConfigError(
    `The ${kind} ${path} is ${what} (mode ${mode.toString(8).padStart(4, "0")}). ` +
      `Fix with: ${fix} ${shellQuote(path)}.${secretNote}`,
  );
}

/** Stats `path` and applies {@linkcode assertPrivate}; a missing path passes. */
export async function assertPrivateIfExists(path: string, kind: PrivatePathKind): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  assertPrivate(path, info, kind);
}

/**
 * Creates the directory (mode 0700) if it does not exist; refuses one that is not ours or that
 * other users may write to. The bundle cache needs it as much as the data: browsers run its files.
 */
export async function ensurePrivateDir(path: string, kind: PrivatePathKind): Promise<void> {
  await Deno.mkdir(path, { recursive: true, mode: 0o700 });
  await assertPrivateIfExists(path, kind);
}

/** Quotes `path` for a POSIX shell when it holds anything but plain path characters. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
