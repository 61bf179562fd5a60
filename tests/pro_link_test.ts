/**
 * `deno task pro link <id-or-name>` as the operator runs it (a real
 * subprocess on a temporary DATA_DIR): by id, by name, and a clear refusal
 * when the name is unknown or shared.
 */
import assert from "node:assert/strict";
import { addProfessional } from "./helpers/pro.ts";
import { openStore } from "../app/open_store.ts";
import { resolveProLink } from "../domain/links.ts";
import { loadSigningSecret } from "../app/secret.ts";

const ROOT = new URL("../", import.meta.url);
const ENV = { PUBLIC_URL: "https://desk.example.com", LINK_SECRET: "", PORT: "", HOSTNAME: "" };

async function proLink(dataDir: string, arg: string) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/pro.ts", "link", arg],
    cwd: ROOT,
    env: { ...ENV, DATA_DIR: dataDir },
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return { code, out: text.decode(stdout), err: text.decode(stderr) };
}

/** The professional a printed dashboard link signs in, by name. */
async function signedInAs(dataDir: string, out: string): Promise<string> {
  const link = out.match(/^Dashboard link: (\S+)$/m)?.[1];
  assert.ok(link, out);
  const store = await openStore(dataDir);
  try {
    const secret = await loadSigningSecret(dataDir);
    const access = await resolveProLink(store, secret, new URL(link).searchParams.get("token"));
    assert.ok(access.ok);
    return access.professional.name;
  } finally {
    store.close();
  }
}

Deno.test("pro link finds a professional by id or by name, case aside", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-pro-link-" });
  try {
    await addProfessional(dataDir, "Dr. Ada Lovelace", ENV);
    await addProfessional(dataDir, "Grace Hopper", ENV);
    for (const arg of ["Grace Hopper", "  grace hopper "]) {
      const r = await proLink(dataDir, arg);
      assert.equal(r.code, 0, r.err);
      assert.equal(await signedInAs(dataDir, r.out), "Grace Hopper");
    }
    const store = await openStore(dataDir);
    const ada = (await store.listProfessionals()).find((p) => p.name === "Dr. Ada Lovelace")!;
    store.close();
    const byId = await proLink(dataDir, ada.id);
    assert.equal(byId.code, 0, byId.err);
    assert.equal(await signedInAs(dataDir, byId.out), "Dr. Ada Lovelace");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("pro link refuses an unknown or shared name and prints no link", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-pro-link-" });
  try {
    await addProfessional(dataDir, "Sam Smith", ENV);
    await addProfessional(dataDir, "Sam Smith", ENV);
    const unknown = await proLink(dataDir, "Nobody Here");
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /No professional has the id, email or name "Nobody Here"/);
    const shared = await proLink(dataDir, "Sam Smith");
    assert.equal(shared.code, 1);
    assert.match(shared.err, /2 professionals are named "Sam Smith"; give the id instead/);
    assert.equal(shared.err.match(/deno task pro link [0-9a-f-]{36}/g)?.length, 2, shared.err);
    for (const r of [unknown, shared]) assert.doesNotMatch(r.out, /Dashboard link|token=/);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("pro refuses a data directory other users may write to, naming the chmod", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-pro-link-" });
  try {
    await Deno.chmod(dataDir, 0o777);
    const r = await proLink(dataDir, "Anyone");
    assert.equal(r.code, 1);
    assert.match(r.err, /^Configuration error: The data directory .* writable by other users/);
    assert.ok(r.err.includes(`chmod 700 ${dataDir}`), r.err);
    assert.deepEqual([...Deno.readDirSync(dataDir)], [], "nothing was created in it");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
