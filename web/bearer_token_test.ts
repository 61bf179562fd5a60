import assert from "node:assert/strict";
import { hasBearerToken } from "./bearer_token.ts";

const TOKEN = "0123456789abcdef-metrics";

function request(authorization?: string): Request {
  const headers: Record<string, string> = authorization === undefined
    ? {}
    : { Authorization: authorization };
  return new Request("http://localhost/metrics", { headers });
}

Deno.test("the expected bearer token is accepted, scheme case-insensitively", () => {
  assert.equal(hasBearerToken(request(`Bearer ${TOKEN}`), TOKEN), true);
  assert.equal(hasBearerToken(request(`bearer ${TOKEN}`), TOKEN), true);
});

Deno.test("a missing, malformed or wrong bearer token is refused", () => {
  for (
    const header of [
      undefined,
      "",
      TOKEN,
      `Basic ${btoa(`user:${TOKEN}`)}`,
      "Bearer",
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN} extra`,
    ]
  ) {
    assert.equal(hasBearerToken(request(header), TOKEN), false, String(header));
  }
});
