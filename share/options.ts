/**
 * Reads the `deno task share` settings: which tunnel, and where it ends. They concern the share
 * task alone, so they are read here rather than in `app/config.ts` (which still validates the
 * app's own variables, `PORT` and `HOSTNAME` included, before anything is opened).
 *
 * - `SHARE_SSH=user@host` (or `ssh://user@host:port`, or a `Host` alias of `~/.ssh/config`): an
 *   SSH reverse tunnel to any OpenSSH server; `SHARE_SSH_OPTIONS` adds ssh arguments (split on
 *   spaces, e.g. `-i ~/.ssh/share_key -p 2222`); `SHARE_REMOTE_PORT` is the port opened on that
 *   server (default: the app's `PORT`; 0 lets the server choose); `SHARE_PUBLIC_URL` is the
 *   address people open when the server puts something in front (an HTTPS reverse proxy),
 *   default `http://host:remote-port`.
 * - otherwise localtunnel (npm `localtunnel`): its public server, or `--host https://lt.example`
 *   (`SHARE_LT_HOST`) for a self-hosted one; `--subdomain name` (`SHARE_LT_SUBDOMAIN`) asks for a
 *   fixed name.
 */

type Env = Record<string, string | undefined>;

/** The localtunnel project's own public server, the client's default. */
export const LOCALTUNNEL_DEFAULT_HOST = "https://localtunnel.me";

/** An SSH reverse tunnel. */
export interface SshShare {
  kind: "ssh";
  /** What ssh is given as its destination: `user@host`, `ssh://…` or a config alias. */
  destination: string;
  /** Extra ssh arguments from `SHARE_SSH_OPTIONS`, placed before ours so they win. */
  sshOptions: string[];
  /** Port opened on the SSH server; 0: the server picks one. */
  remotePort: number;
  /** The address people open; derived from the destination and the port when unset. */
  publicUrl?: string;
}

/** A localtunnel. */
export interface LocaltunnelShare {
  kind: "localtunnel";
  host: string;
  subdomain?: string;
}

/** What `deno task share` opens. */
export type ShareOptions = SshShare | LocaltunnelShare;

/** A share setting Frontdesk cannot use; the message says which and why. */
export class ShareConfigError extends Error {
  override name = "ShareConfigError";
}

function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) {
        throw new ShareConfigError(`${name} needs a value`);
      }
      return v;
    }
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

const KNOWN_FLAGS = ["--host", "--subdomain"];

function checkArgs(args: string[]): void {
  for (let i = 0; i < args.length; i++) {
    const name = args[i].split("=")[0];
    if (!KNOWN_FLAGS.includes(name)) {
      throw new ShareConfigError(
        `unknown argument "${args[i]}" (deno task share [--host URL] [--subdomain NAME])`,
      );
    }
    if (!args[i].includes("=")) i++;
  }
}

function httpUrl(name: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ShareConfigError(
      `${name} must be an absolute http:// or https:// URL, got "${value}"`,
    );
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ShareConfigError(`${name} must use http: or https:, got "${value}"`);
  }
  return value.replace(/\/+$/, "");
}

function remotePort(value: string | undefined, appPort: number): number {
  if (value === undefined || value.trim() === "") return appPort;
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n > 65535) {
    throw new ShareConfigError(
      `SHARE_REMOTE_PORT must be a port from 0 to 65535 (0: the SSH server picks), got "${value}"`,
    );
  }
  return n;
}

/** The share settings from `env` and the task's arguments; `appPort` is the app's `PORT`. */
export function readShareOptions(env: Env, args: string[], appPort: number): ShareOptions {
  checkArgs(args);
  const ssh = (env.SHARE_SSH ?? "").trim();
  if (ssh !== "") {
    if (flag(args, "--host") !== undefined || flag(args, "--subdomain") !== undefined) {
      throw new ShareConfigError("--host and --subdomain are for localtunnel; unset SHARE_SSH");
    }
    if (ssh.startsWith("-") || /\s/.test(ssh)) {
      throw new ShareConfigError(
        `SHARE_SSH must be user@host, ssh://user@host:port or a Host of your ssh config, got ` +
          `"${ssh}" (put ssh options in SHARE_SSH_OPTIONS)`,
      );
    }
    const publicUrl = (env.SHARE_PUBLIC_URL ?? "").trim();
    return {
      kind: "ssh",
      destination: ssh,
      sshOptions: (env.SHARE_SSH_OPTIONS ?? "").split(/\s+/).filter((s) => s !== ""),
      remotePort: remotePort(env.SHARE_REMOTE_PORT, appPort),
      publicUrl: publicUrl === "" ? undefined : httpUrl("SHARE_PUBLIC_URL", publicUrl),
    };
  }
  if ((env.SHARE_PUBLIC_URL ?? "").trim() !== "") {
    throw new ShareConfigError(
      "SHARE_PUBLIC_URL is for the SSH tunnel (set SHARE_SSH); localtunnel gives its own address",
    );
  }
  const host = flag(args, "--host") ?? env.SHARE_LT_HOST ?? "";
  const subdomain = flag(args, "--subdomain") ?? env.SHARE_LT_SUBDOMAIN ?? "";
  if (subdomain !== "" && !/^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/.test(subdomain)) {
    throw new ShareConfigError(
      `--subdomain must be 4 to 63 lower-case letters, digits or dashes, got "${subdomain}"`,
    );
  }
  return {
    kind: "localtunnel",
    host: host.trim() === "" ? LOCALTUNNEL_DEFAULT_HOST : httpUrl("--host", host.trim()),
    subdomain: subdomain === "" ? undefined : subdomain,
  };
}

/** The host part of an ssh destination (`user@host`, `ssh://user@host:port`, `alias`). */
export function sshHost(destination: string): string {
  if (destination.startsWith("ssh://")) return new URL(destination).hostname;
  return destination.slice(destination.lastIndexOf("@") + 1);
}

/** The address people open for `share` once its port on the server is `port`. */
export function sshPublicUrl(share: SshShare, port: number): string {
  if (share.publicUrl) return share.publicUrl;
  const host = sshHost(share.destination);
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
