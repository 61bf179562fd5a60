import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { Signal } from "@preact/signals";
import { deserializeState } from "./serializer.ts";
import { capturingErrors, request } from "./testdata/fixture.ts";

async function islandsPage(): Promise<[Response, string]> {
  const response = await request("/islands");
  return [response, await response.text()];
}

Deno.test("islands render between comment markers; nested islands are plain", async () => {
  const [, html] = await islandsPage();
  match(html, /<!--frsh-counter_default:0--><div class="counter" data-label="first">/);
  match(html, /<!--\/frsh-counter_default:0-->/);
  match(html, /<!--frsh-echo_default:1-->.*<!--\/frsh-echo_default:1-->/);
  match(html, /<!--frsh-counter_default:2-->/);
  match(
    html,
    /<!--frsh-outer_default:3--><div class="outer"><div class="counter" data-label="inner">/,
  );
  equal(html.match(/<!--frsh-/g)?.length, 4, "the Counter inside Outer gets no markers");
});

Deno.test("props are serialized into __FRSH_STATE, signals shared", async () => {
  const [, html] = await islandsPage();
  const json = /<script id="__FRSH_STATE" type="application\/json" nonce="[^"]+">(.*?)<\/script>/
    .exec(html)?.[1];
  ok(json, "props script present");
  const props = deserializeState(json);
  equal(props.length, 4);
  deepStrictEqual(props[0], { start: 3, label: "first" });
  ok(props[1].shared instanceof Signal);
  equal(props[1].shared, props[2].shared, "one signal given to two islands stays one");
  equal((props[2].shared as Signal).value, 10);
  deepStrictEqual(props[1].info, {
    when: new Date("2025-01-02T03:04:05.000Z"),
    missing: undefined,
    list: [1, "two"],
  });
});

Deno.test("one inline module script imports the boot module and only the page's islands", async () => {
  const [response, html] = await islandsPage();
  const nonce = /nonce-([^']+)'/.exec(response.headers.get("Content-Security-Policy") ?? "")?.[1];
  ok(nonce);
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  equal(scripts.length, 2);
  for (const tag of scripts) ok(tag.includes(`nonce="${nonce}"`), `${tag} carries the nonce`);
  const module = /<script type="module"[^>]*>(.*?)<\/script>/.exec(html)?.[1] ?? "";
  match(module, /^import\{revive\}from"\/_frsh\/js\/[0-9a-f]{16}\/client\/boot\.js";/);
  match(module, /islands\/Counter\.js/);
  match(module, /islands\/Echo\.js/);
  match(module, /revive\(\{"counter_default":i0,"echo_default":i1,"outer_default":i2\}/);
  match(html, /<link rel="modulepreload" href="\/_frsh\/js\/[0-9a-f]{16}\/chunk-[^"]+" nonce=/);
});

Deno.test("each request gets its own nonce", async () => {
  const first = (await request("/islands")).headers.get("Content-Security-Policy");
  const second = (await request("/islands")).headers.get("Content-Security-Policy");
  ok(first && second && first !== second);
});

Deno.test("a page without islands has no script at all", async () => {
  for (const path of ["/", "/about", "/blog/hello", "/no/such/page"]) {
    const html = await (await request(path)).text();
    ok(!/<script/i.test(html), `${path} has no script`);
    ok(!html.includes("modulepreload"), `${path} preloads nothing`);
  }
});

Deno.test("a function prop fails the page with an error naming island and prop", async () => {
  const [[response, html], logged] = await capturingErrors(async () => {
    const response = await request("/bad-island");
    return [response, await response.text()] as const;
  });
  equal(response.status, 500);
  match(html, /Island &quot;Counter&quot; prop &quot;onDone&quot; is a function/);
  match(logged, /Island "Counter" prop "onDone" is a function/);
});
