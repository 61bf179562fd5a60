import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { capturingErrors, request } from "./testdata/fixture.ts";

async function page(path: string, init?: RequestInit): Promise<[Response, string]> {
  const response = await request(path, init);
  return [response, await response.text()];
}

Deno.test("pages are HTML documents wrapped in _app and the root layout", async () => {
  const [response, html] = await page("/");
  equal(response.status, 200);
  equal(response.headers.get("Content-Type"), "text/html; charset=utf-8");
  ok(html.startsWith('<!DOCTYPE html><html lang="en"><head>'));
  match(html, /<body data-trail="root"><div class="root-layout"><h1>Home without islands<\/h1>/);
});

Deno.test("static segments beat params, params beat catch-alls", async () => {
  match((await page("/about"))[1], /<h1>About<\/h1>/);
  match((await page("/blog/new"))[1], /New post form/);
  match((await page("/blog/hello"))[1], /Post hello/);
  match((await page("/blog"))[1], /Blog index/);
  match((await page("/files/a/b/c.txt"))[1], /path=a\/b\/c.txt/);
  match((await page("/files"))[1], /path=<\/p>/);
});

Deno.test("params are decoded and the route pattern is given", async () => {
  match((await page("/users/caf%C3%A9"))[1], /id=café route=\/users\/:id/);
  match((await page("/custom/ada"))[1], /override name=ada/);
});

Deno.test("group folders stay out of the URL but keep their layout", async () => {
  const [response, html] = await page("/pricing");
  equal(response.status, 200);
  match(html, /<div class="root-layout"><main class="marketing-layout"><h1>Pricing<\/h1>/);
  equal((await request("/(marketing)/pricing")).status, 404);
});

Deno.test("layouts nest outer first and middleware runs outermost first", async () => {
  const [response, html] = await page("/blog/hello");
  match(html, /<div class="root-layout"><section class="blog-layout"><h1>Post hello/);
  match(html, /trail=root>blog<\/h1>/);
  equal(response.headers.get("X-Blog"), "yes");
  equal(response.headers.get("X-Destination"), "route");
  equal((await request("/about")).headers.get("X-Blog"), null);
});

Deno.test("middleware sees the destination and the nonce", async () => {
  const staticFile = await request("/styles.css");
  await staticFile.body?.cancel();
  equal(staticFile.headers.get("X-Destination"), "static");
  const missing = await request("/no/such/page");
  await missing.body?.cancel();
  equal(missing.headers.get("X-Destination"), "notFound");
  match(
    missing.headers.get("Content-Security-Policy") ?? "",
    /^script-src 'nonce-[A-Za-z0-9+/]+=*'$/,
  );
});

Deno.test("handler objects answer their methods, 405 with Allow otherwise", async () => {
  const get = await request("/api/echo?q=1");
  deepStrictEqual(await get.json(), { method: "GET", q: "1" });
  const post = await request("/api/echo", { method: "POST", body: "hi" });
  equal(post.status, 201);
  deepStrictEqual(await post.json(), { method: "POST", body: "hi" });
  const put = await request("/api/echo", { method: "PUT" });
  await put.body?.cancel();
  equal(put.status, 405);
  equal(put.headers.get("Allow"), "GET, POST, HEAD");
  const pagePost = await request("/about", { method: "POST" });
  await pagePost.body?.cancel();
  equal(pagePost.status, 405);
  equal(pagePost.headers.get("Allow"), "GET, HEAD");
});

Deno.test("a function handler answers every method", async () => {
  equal(await (await request("/api/any", { method: "DELETE" })).text(), "any DELETE");
});

Deno.test("HEAD comes from GET without a body", async () => {
  const response = await request("/about", { method: "HEAD" });
  equal(response.status, 200);
  equal(response.headers.get("Content-Type"), "text/html; charset=utf-8");
  equal(response.body, null);
  const api = await request("/api/echo", { method: "HEAD" });
  equal(api.status, 200);
  equal(api.body, null);
});

Deno.test("ctx.render passes data, status and headers", async () => {
  const [response, html] = await page("/data");
  equal(response.status, 203);
  equal(response.headers.get("X-Data"), "1");
  match(html, /message=from handler/);
});

Deno.test("async route components render and may return a Response", async () => {
  match((await page("/async-page"))[1], /<p>async loaded<\/p>/);
  const redirect = await request("/async-page?redirect");
  equal(redirect.status, 303);
  equal(redirect.headers.get("Location"), "/");
});

Deno.test("unknown paths and ctx.renderNotFound give the _404 page", async () => {
  const [response, html] = await page("/a/b/c");
  equal(response.status, 404);
  match(html, /<h1>No page at \/a\/b\/c<\/h1>/);
  match(html, /<div class="root-layout">/);
  const [missing, missingHtml] = await page("/missing");
  equal(missing.status, 404);
  match(missingHtml, /No page at \/missing/);
});

Deno.test("a throwing handler or component gives _500, logged without the query, and the server keeps serving", async () => {
  const [[response, html], logged] = await capturingErrors(() => page("/throws?token=SECRET"));
  equal(response.status, 500);
  match(html, /Something broke: handler exploded/);
  match(logged, /GET \/throws/);
  ok(!logged.includes("SECRET"), "the query string must not be logged");
  const [[rendered, renderedHtml]] = await capturingErrors(() => page("/render-throws"));
  equal(rendered.status, 500);
  match(renderedHtml, /component exploded/);
  equal((await page("/about"))[0].status, 200);
});

Deno.test("trailing slashes redirect without becoming protocol-relative", async () => {
  const response = await request("/about/?x=1");
  equal(response.status, 307);
  equal(response.headers.get("Location"), "/about?x=1");
  const sneaky = await request("//evil.example/");
  equal(sneaky.headers.get("Location"), "/evil.example");
});
