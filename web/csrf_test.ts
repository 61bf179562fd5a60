import assert from "node:assert/strict";
import { csrfToken, isSameOrigin, verifyCsrf } from "./csrf.ts";

const secret = crypto.getRandomValues(new Uint8Array(32));

Deno.test("csrf token verifies for its own session only", async () => {
  const token = await csrfToken(secret, "session-a");
  assert.ok(await verifyCsrf(secret, "session-a", token));
  assert.ok(!await verifyCsrf(secret, "session-b", token));
  assert.ok(!await verifyCsrf(crypto.getRandomValues(new Uint8Array(32)), "session-a", token));
});

Deno.test("csrf rejects missing, empty, garbage and oversized tokens", async () => {
  for (const bad of [undefined, null, "", "!!!", "a".repeat(500), 42]) {
    assert.ok(!await verifyCsrf(secret, "s", bad));
  }
});

Deno.test("same-origin check uses Origin and Sec-Fetch-Site", () => {
  const url = "http://127.0.0.1:8000/dashboard";
  assert.ok(isSameOrigin(new Request(url, { method: "POST" })));
  assert.ok(
    isSameOrigin(
      new Request(url, { method: "POST", headers: { origin: "http://127.0.0.1:8000" } }),
    ),
  );
  assert.ok(
    !isSameOrigin(
      new Request(url, { method: "POST", headers: { origin: "https://evil.example" } }),
    ),
  );
  assert.ok(
    !isSameOrigin(
      new Request(url, { method: "POST", headers: { "sec-fetch-site": "cross-site" } }),
    ),
  );
  // Chromium sends Origin: null for same-origin posts under Referrer-Policy: no-referrer.
  assert.ok(
    isSameOrigin(
      new Request(url, {
        method: "POST",
        headers: { origin: "null", "sec-fetch-site": "same-origin" },
      }),
    ),
  );
  assert.ok(
    !isSameOrigin(
      new Request(url, {
        method: "POST",
        headers: { origin: "http://127.0.0.1:8000", "sec-fetch-site": "same-site" },
      }),
    ),
  );
});
