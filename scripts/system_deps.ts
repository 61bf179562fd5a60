/**
 * Makes sure the system programs the tests drive are present: Chromium and its headless shell
 * for the browser tests, coturn for the TURN tests, PostgreSQL 15 for the PostgreSQL
 * store tests, redis-server and haproxy for the tests of several instances,
 * iproute2 and nftables for the network lab, openssh-server for its share test,
 * firefox-esr (and pulseaudio) for the cross-browser calls. Installs them with
 * apt-get when running as root on Debian/Ubuntu; otherwise says exactly what to run.
 */

/** A system program the test suite needs, and the Debian package that has it. */
export interface SystemDep {
  /** What it is for, in a few words. */
  purpose: string;
  /** Candidate executable paths, the first existing one wins. */
  paths: string[];
  /** Debian package providing it. */
  aptPackage: string;
}

/** Programs needed by `deno task test`. */
export const TEST_DEPS: SystemDep[] = [
  {
    purpose: "browser tests",
    paths: [Deno.env.get("CHROME_PATH") ?? "", "/usr/bin/chromium"].filter((p) => p !== ""),
    aptPackage: "chromium",
  },
  {
    // The browser tests run in it when present (tests/helpers/browser.ts): a third less CPU.
    purpose: "browser tests, headless",
    paths: [Deno.env.get("CHROME_PATH") ?? "", "/usr/bin/chromium-headless-shell"]
      .filter((p) => p !== ""),
    aptPackage: "chromium-headless-shell",
  },
  {
    purpose: "TURN tests",
    paths: ["/usr/bin/turnserver"],
    aptPackage: "coturn",
  },
  {
    purpose: "PostgreSQL store tests",
    // Debian's postgresql (15 on bookworm); the tests start their own throwaway cluster.
    paths: [15, 16, 17].map((v) => `/usr/lib/postgresql/${v}/bin/initdb`),
    aptPackage: "postgresql",
  },
  {
    purpose: "signaling across instances tests",
    // Debian's redis-server (7.0 on bookworm); the tests start their own on a free port.
    paths: ["/usr/bin/redis-server"],
    aptPackage: "redis-server",
  },
  {
    purpose: "deno task cluster and its test",
    paths: ["/usr/sbin/haproxy"],
    aptPackage: "haproxy",
  },
];

/**
 * Programs the network lab tests need (tests/netlab/). Installed like {@linkcode TEST_DEPS}, but
 * a machine without them only skips the lab tests (they need root anyway, and say why).
 */
export const LAB_DEPS: SystemDep[] = [
  {
    purpose: "network lab tests (namespaces, tc)",
    paths: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"],
    aptPackage: "iproute2",
  },
  {
    purpose: "network lab tests (NAT and firewall)",
    paths: ["/usr/sbin/nft", "/sbin/nft"],
    aptPackage: "nftables",
  },
  {
    purpose: "network lab test of deno task share (the SSH server at the tunnel's far end)",
    paths: ["/usr/sbin/sshd"],
    aptPackage: "openssh-server",
  },
];

/**
 * Debian's Firefox for the cross-browser call tests (tests/firefox_*_browser_test.ts, driven by
 * puppeteer-core). Installed like {@linkcode TEST_DEPS}; without it those tests are skipped and
 * say why.
 */
export const FIREFOX_DEPS: SystemDep[] = [
  {
    purpose: "Firefox call tests",
    paths: [Deno.env.get("FIREFOX_PATH") ?? "", "/usr/bin/firefox-esr"].filter((p) => p !== ""),
    aptPackage: "firefox-esr",
  },
  {
    purpose: "Firefox speaker tests (silent PulseAudio speakers)",
    paths: ["/usr/bin/pulseaudio"],
    aptPackage: "pulseaudio",
  },
];

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[]): Promise<boolean> {
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const { success } = await new Deno.Command(cmd, { args, env, stdin: "null" }).output();
  return success;
}

/** Returns the deps that are missing after trying to install them. */
export async function ensureSystemDeps(deps: SystemDep[]): Promise<SystemDep[]> {
  const missing: SystemDep[] = [];
  for (const dep of deps) {
    if ((await Promise.all(dep.paths.map(exists))).some(Boolean)) continue;
    missing.push(dep);
  }
  if (missing.length === 0) return [];
  const canApt = Deno.uid() === 0 && await exists("/usr/bin/apt-get");
  if (!canApt) return missing;
  const pkgs = missing.map((d) => d.aptPackage);
  console.error(`Installing ${pkgs.join(", ")} with apt-get (needed for the tests)…`);
  await run("apt-get", ["update", "-q"]);
  await run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...pkgs]);
  const still: SystemDep[] = [];
  for (const dep of missing) {
    if (!(await Promise.all(dep.paths.map(exists))).some(Boolean)) still.push(dep);
  }
  return still;
}

/** The exact command a person should run to install `deps`. */
export function installHint(deps: SystemDep[]): string {
  return `sudo apt-get install -y ${deps.map((d) => d.aptPackage).join(" ")}`;
}
