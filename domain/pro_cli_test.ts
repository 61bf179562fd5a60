/** Runs `scripts/pro.ts` as a real subprocess against a temporary DATA_DIR. */

import { equal, match, ok } from "node:assert/strict";
import { resolveProLink } from "./links.ts";
import { openStore } from "../app/open_store.ts";
import { loadSigningSecret } from "../app/secret.ts";

const SCRIPT = new URL("../scripts/pro.ts", import.meta.url).pathname;
const ROOT = new URL("..", import.meta.url).pathname;

async function pro(args: string[], env: Record<string, string>) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SCRIPT, ...args],
    cwd: ROOT,
    env: { LINK_SECRET: "", PUBLIC_URL: "", PORT: "", HOSTNAME: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code, out: text.decode(stdout), err: text.decode(stderr) };
}

Deno.test("pro add prints a working dashboard link; pro list shows it; pro link renews", async () => {
  const dataDir = await Deno.makeTempDir();
  const env = { DATA_DIR: dataDir, PUBLIC_URL: "https://desk.example.com" };
  const added = await pro(["add", "  Dr. Ada Lovelace ", "--email", " Ada@Example.com"], env);
  equal(added.code, 0, added.err);
  const url = new URL(added.out.match(/^Dashboard link: (\S+)$/m)?.[1] ?? "missing");
  equal(url.origin + url.pathname, "https://desk.example.com/pro-link");

  const store = await openStore(dataDir);
  const secret = await loadSigningSecret(dataDir);
  const access = await resolveProLink(store, secret, url.searchParams.get("token"));
  ok(access.ok);
  equal(access.professional.name, "Dr. Ada Lovelace");
  store.close();

  const listed = await pro(["list"], env);
  equal(listed.code, 0, listed.err);
  equal(listed.out.trim(), `${access.professional.id}\tada@example.com\tDr. Ada Lovelace`);

  const renewed = await pro(["link", access.professional.id], env);
  equal(renewed.code, 0, renewed.err);
  match(renewed.out, /^Dashboard link: https:\/\/desk\.example\.com\/pro-link\?token=/m);
  const byEmail = await pro(["link", "ADA@example.com"], env);
  equal(byEmail.code, 0, byEmail.err);
  match(byEmail.out, /^Dashboard link: /m);
  await Deno.remove(dataDir, { recursive: true });
});

Deno.test("pro: bad arguments and bad configuration exit non-zero with a clear message", async () => {
  const dataDir = await Deno.makeTempDir();
  const env = { DATA_DIR: dataDir };
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [[], env, 2, /Missing command[\s\S]*Usage:/],
    [["fire", "x"], env, 2, /Unknown command "fire"/],
    [["add"], env, 2, /exactly one argument/],
    [["add", "Ada"], env, 2, /needs the professional's address: --email/],
    [["add", "Ada", "--email", "not-an-address"], env, 2, /--email: This is not an email address/],
    [["add", "Ada", "--email"], env, 2, /argument missing/],
    [["email", "x"], env, 2, /exactly two arguments/],
    [["add", "Ada", "Lovelace", "--email", "ada@example.com"], env, 2, /exactly one argument/],
    [["add", "   ", "--email", "ada@example.com"], env, 2, /enter a name/],
    [
      ["add", "Dr. Eve\u202Egpj.exe", "--email", "ada@example.com"],
      env,
      2,
      /invisible or text-direction character \(U\+202E\)/,
    ],
    [["add", "Dr.\u200B", "--email", "ada@example.com"], env, 2, /U\+200B/],
    [["list", "extra"], env, 2, /takes no arguments/],
    [["link", "no-such-id"], env, 1, /No professional has the id/],
    [["list"], { ...env, PORT: "99999" }, 1, /Configuration error: PORT/],
    [
      ["add", "Ada", "--email", "ada@example.com"],
      { ...env, LINK_SECRET: "short" },
      1,
      /Configuration error: LINK_SECRET/,
    ],
  ];
  for (const [args, e, code, message] of cases) {
    const r = await pro(args, e);
    equal(r.code, code, `${args.join(" ")}: ${r.err}`);
    match(r.err, message);
  }
  const help = await pro(["--help"], env);
  equal(help.code, 0);
  match(help.out, /deno task pro add/);
  const empty = await pro(["list"], env);
  match(empty.out, /No professionals yet/, "the refused names created nobody");
  await Deno.remove(dataDir, { recursive: true });
});

Deno.test("pro: a taken address is refused; email sets one; deactivate stops links", async () => {
  const dataDir = await Deno.makeTempDir();
  const env = { DATA_DIR: dataDir };
  equal((await pro(["add", "Ada", "--email", "ada@example.com"], env)).code, 0);
  const twice = await pro(["add", "Bob", "--email", "ADA@example.com"], env);
  equal(twice.code, 1);
  match(twice.err, /already has this email address/);
  equal((await pro(["add", "Bob", "--email", "bob@example.com"], env)).code, 0);
  const taken = await pro(["email", "Bob", "ada@example.com"], env);
  equal(taken.code, 1);
  match(taken.err, /already has this email address/);
  const set = await pro(["email", "bob@example.com", "robert@example.org"], env);
  equal(set.code, 0, set.err);
  equal((await pro(["link", "robert@example.org"], env)).code, 0);
  const off = await pro(["deactivate", "robert@example.org"], env);
  equal(off.code, 0, off.err);
  const refused = await pro(["link", "robert@example.org"], env);
  equal(refused.code, 1);
  match(refused.err, /deactivated/);
  match((await pro(["list"], env)).out, /robert@example\.org\tBob\tdeactivated/);
  await Deno.remove(dataDir, { recursive: true });
});
