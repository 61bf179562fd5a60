/**
 * A throwaway PostgreSQL 15 cluster for tests: `initdb` into a temporary directory owned by the
 * `postgres` user (initdb refuses root), started on a free port of 127.0.0.1, with one fresh
 * database per caller. Nothing is shared with a PostgreSQL the machine may already run.
 *
 * ```ts
 * const pg = await startPostgres();
 * const url = await pg.createDatabase(); // postgres://postgres@127.0.0.1:PORT/t1
 * await pg.stop(); // stops the server and removes the cluster
 * ```
 */

/**
 * Where Debian's postgresql puts its programs: 15 (bookworm) when present, else the newest
 * version installed; `PG_BIN` overrides.
 */
export const PG_BIN = Deno.env.get("PG_BIN") ?? debianPgBin();

function debianPgBin(): string {
  const root = "/usr/lib/postgresql";
  const preferred = `${root}/15/bin`;
  if (isFile(`${preferred}/initdb`)) return preferred;
  let versions: number[] = [];
  try {
    versions = [...Deno.readDirSync(root)].map((e) => Number(e.name)).filter(Number.isInteger);
  } catch {
    // Not installed: postgresUnavailable says so.
  }
  const newest = versions.sort((a, b) => b - a)[0];
  return newest === undefined ? preferred : `${root}/${newest}/bin`;
}

/** util-linux's runuser: runs a program as another user without a password (root only). */
const RUNUSER = isFile("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser";

/** A running test cluster. */
export interface TestPostgres {
  port: number;
  /** The URL of database `name` as the superuser (trust authentication, loopback only). */
  url(name: string): string;
  /** Creates a new empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Runs SQL as the superuser in database `name` (through psql, so no client is shared). */
  psql(name: string, sql: string): Promise<string>;
  /** Stops the server (fast shutdown) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Why PostgreSQL tests cannot run here, or null when they can: they need the server binaries
 * and root (to run them as the `postgres` user) or to be that user already.
 */
export function postgresUnavailable(): string | null {
  for (const bin of ["initdb", "pg_ctl", "postgres", "psql"]) {
    const path = `${PG_BIN}/${bin}`;
    if (!isFile(path)) {
      return `${path} is missing: install PostgreSQL 15 (apt-get install postgresql)`;
    }
  }
  if (Deno.uid() !== 0 && Deno.env.get("USER") !== "postgres") {
    return "not root: the tests start PostgreSQL as the postgres user, which needs root";
  }
  return null;
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Runs `cmd` as the `postgres` user (directly when already that user); throws with its output. */
async function asPostgres(cmd: string, args: string[]): Promise<string> {
  const root = Deno.uid() === 0;
  const command = new Deno.Command(root ? RUNUSER : cmd, {
    args: root ? ["-u", "postgres", "--", cmd, ...args] : args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    // Scrubbed so no PG* variable of the caller points the tools elsewhere.
    clearEnv: true,
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" },
  });
  const { success, stdout, stderr } = await command.output();
  const out = new TextDecoder().decode(stdout);
  if (!success) {
    throw new Error(`${cmd} failed: ${new TextDecoder().decode(stderr)}${out}`);
  }
  return out;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function postgresUid(): Promise<{ uid: number; gid: number }> {
  const passwd = await Deno.readTextFile("/etc/passwd");
  const line = passwd.split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) {
    throw new Error("no postgres user: install PostgreSQL 15 (apt-get install postgresql)");
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Initialises and starts a cluster. Durability is off (fsync, synchronous_commit): the cluster
 * lives for one test file, so this only makes it faster. An `unload` handler kills the server
 * if the test process ends without `stop()`.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-pg-" });
  const data = `${dir}/data`;
  if (Deno.uid() === 0) {
    const { uid, gid } = await postgresUid();
    await Deno.chown(dir, uid, gid);
  }
  await asPostgres(`${PG_BIN}/initdb`, [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "postgres",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const port = freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=100",
  ].join(" ");
  await asPostgres(`${PG_BIN}/pg_ctl`, [
    "start",
    "-D",
    data,
    "-w",
    "-t",
    "30",
    "-l",
    `${dir}/server.log`,
    "-o",
    options,
  ]);
  const pid = Number((await Deno.readTextFile(`${data}/postmaster.pid`)).split("\n")[0]);
  const kill = () => {
    try {
      // Immediate shutdown; the server's children follow their postmaster.
      Deno.kill(pid, "SIGQUIT");
    } catch {
      // Already gone.
    }
    // `unload` handlers cannot await: wait (at most 5 s) for the server to exit, so it does not
    // write into the directory while it is removed.
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < 250 && isDir(`/proc/${pid}`); i++) Atomics.wait(nap, 0, 0, 20);
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // Best effort on the way out.
    }
  };
  globalThis.addEventListener("unload", kill);

  let databases = 0;
  let stopped = false;
  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
  const psql = (name: string, sql: string) =>
    asPostgres(`${PG_BIN}/psql`, [
      "-X",
      "-q",
      "-At",
      "-v",
      "ON_ERROR_STOP=1",
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-U",
      "postgres",
      "-d",
      name,
      "-c",
      sql,
    ]);
  return {
    port,
    url,
    psql,
    async createDatabase() {
      const name = `t${++databases}`;
      await psql("postgres", `CREATE DATABASE ${name}`);
      return url(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      globalThis.removeEventListener("unload", kill);
      try {
        await asPostgres(`${PG_BIN}/pg_ctl`, ["stop", "-D", data, "-m", "fast", "-w", "-t", "30"]);
      } finally {
        kill();
      }
    },
  };
}
