import assert from "node:assert/strict";
import {
  appointmentOfCallPath,
  fetchProCallConfig,
  forgetProCallConfig,
  proCallPath,
  readyProCallConfig,
} from "./pro_call_config.ts";
import "./ui/english_words.ts";

Deno.test("call page paths: built and read back; other paths are not calls", () => {
  const id = "4f1c2a9e-0000-4000-8000-000000000001";
  assert.equal(proCallPath(id), `/dashboard/appointments/${id}/call`);
  assert.equal(appointmentOfCallPath(proCallPath(id)), id);
  assert.equal(appointmentOfCallPath("/dashboard"), undefined);
  assert.equal(appointmentOfCallPath(`/dashboard/appointments/${id}`), undefined);
  assert.equal(appointmentOfCallPath(`/dashboard/appointments/${id}/call/x`), undefined);
});

Deno.test("call settings: fetched once as JSON, failures forgotten, used ones dropped", async () => {
  const asked: { url: string; accept: string | null }[] = [];
  let status = 503;
  const fakeFetch = ((url: string, init?: RequestInit) => {
    asked.push({ url, accept: new Headers(init?.headers).get("accept") });
    return Promise.resolve(
      Response.json({ clientName: "A", network: { iceServers: [] } }, { status }),
    );
  }) as typeof fetch;

  await assert.rejects(fetchProCallConfig("a1", fakeFetch), /HTTP 503/);
  assert.equal(readyProCallConfig("a1"), undefined, "a failure is not ready");
  status = 200;
  const [one, two] = await Promise.all([
    fetchProCallConfig("a1", fakeFetch),
    fetchProCallConfig("a1", fakeFetch),
  ]);
  assert.equal(one, two);
  assert.equal(one.clientName, "A");
  assert.equal(readyProCallConfig("a1"), one, "ready once fetched, to draw the call ahead");
  assert.equal(asked.length, 2, "the failure was not kept; the two callers shared one fetch");
  assert.deepEqual(asked[1], { url: proCallPath("a1"), accept: "application/json" });

  forgetProCallConfig("a1");
  assert.equal(readyProCallConfig("a1"), undefined, "a dropped config is not ready");
  await fetchProCallConfig("a1", fakeFetch);
  assert.equal(asked.length, 3, "a dropped config is fetched again");
  forgetProCallConfig("a1");
});
