import { equal } from "node:assert/strict";
import { baseUrlFor, clientLinkUrl, guestLinkUrl, proLinkUrl, shareLinkUrl } from "./link_urls.ts";

Deno.test("baseUrlFor prefers PUBLIC_URL", () => {
  equal(
    baseUrlFor({ publicUrl: "https://desk.example.com", hostname: "0.0.0.0", port: 8000 }),
    "https://desk.example.com",
  );
});

Deno.test("baseUrlFor shows local bind addresses as localhost, with the right scheme", () => {
  for (const hostname of ["0.0.0.0", "127.0.0.1", "::"]) {
    equal(baseUrlFor({ hostname, port: 8000 }), "http://localhost:8000");
  }
  const tls = { certFile: "c.pem", keyFile: "k.pem" };
  equal(baseUrlFor({ hostname: "127.0.0.1", port: 8443, tls }), "https://localhost:8443");
  equal(baseUrlFor({ hostname: "desk.lan", port: 80 }), "http://desk.lan:80");
  equal(baseUrlFor({ hostname: "fd00::1", port: 8000 }), "http://[fd00::1]:8000");
});

Deno.test("link URLs carry the token in the query, also under a path prefix", () => {
  equal(
    proLinkUrl("http://localhost:8000", "a.b-c_d"),
    "http://localhost:8000/pro-link?token=a.b-c_d",
  );
  equal(
    clientLinkUrl("https://x.example/desk", "t.t.t"),
    "https://x.example/desk/join-video?token=t.t.t",
  );
  equal(clientLinkUrl("https://x.example/", "t"), "https://x.example/join-video?token=t");
});

Deno.test("guest and share links share the client's entry, /join-video", () => {
  equal(
    guestLinkUrl("https://x.example/desk", "g.g.g"),
    "https://x.example/desk/join-video?token=g.g.g",
  );
  equal(
    shareLinkUrl("http://localhost:8000", "s.s.s"),
    "http://localhost:8000/join-video?token=s.s.s",
  );
});
