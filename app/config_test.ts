import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("config has working embedded defaults", () => {
  const c = loadConfig({});
  assert.equal(c.port, 8000);
  assert.equal(c.hostname, "127.0.0.1");
  assert.equal(c.dataDir, "./data");
  assert.equal(c.tls, undefined);
  assert.equal(c.linkSecret, undefined);
  assert.equal(c.demo, true);
  assert.deepEqual(c.turnUrls, []);
  assert.equal(c.metricsToken, undefined);
  assert.equal(c.printLinks, "terminal");
  assert.equal(c.maxParticipants, 4);
  assert.equal(c.bundleCacheDir, "./data/bundle-cache");
});

Deno.test("BUNDLE_CACHE_DIR follows DATA_DIR by default, takes a path, and off turns it off", () => {
  assert.equal(loadConfig({ DATA_DIR: "/srv/fd" }).bundleCacheDir, "/srv/fd/bundle-cache");
  assert.equal(loadConfig({ BUNDLE_CACHE_DIR: " /var/cache/fd " }).bundleCacheDir, "/var/cache/fd");
  assert.equal(loadConfig({ BUNDLE_CACHE_DIR: "off" }).bundleCacheDir, undefined);
  assert.equal(loadConfig({ BUNDLE_CACHE_DIR: "OFF" }).bundleCacheDir, undefined);
});

Deno.test("config reads and normalises every variable", () => {
  const c = loadConfig({
    PORT: "9001",
    HOSTNAME: "0.0.0.0",
    DATA_DIR: "/tmp/fd",
    TLS_CERT: "c.pem",
    TLS_KEY: "k.pem",
    PUBLIC_URL: "https://meet.example.com/",
    LINK_SECRET: "x".repeat(32),
    ALLOWED_ORIGINS: "https://a.example.com, https://b.example.com/path",
    STUN_URLS: "stun:stun.example.com:3478",
    TURN_URLS: "turn:turn.example.com:3478?transport=udp,turns:turn.example.com:5349",
    TURN_SECRET: "s",
    DEMO: "off",
    METRICS_TOKEN: "0123456789abcdef",
    PRINT_LINKS: "1",
    MAX_PARTICIPANTS: " 6 ",
  });
  assert.equal(c.port, 9001);
  assert.deepEqual(c.tls, { certFile: "c.pem", keyFile: "k.pem" });
  assert.equal(c.publicUrl, "https://meet.example.com");
  assert.equal(c.linkSecret?.length, 32);
  assert.deepEqual(c.allowedOrigins, ["https://a.example.com", "https://b.example.com"]);
  assert.equal(c.turnUrls.length, 2);
  assert.equal(c.demo, false);
  assert.equal(c.metricsToken, "0123456789abcdef");
  assert.equal(c.printLinks, "always");
  assert.equal(c.maxParticipants, 6);
  assert.equal(loadConfig({ MAX_PARTICIPANTS: "2" }).maxParticipants, 2);
  assert.equal(loadConfig({ MAX_PARTICIPANTS: "8" }).maxParticipants, 8);
  assert.equal(loadConfig({ PRINT_LINKS: "off" }).printLinks, "never");
  assert.equal(loadConfig({}).seatGraceMs, 20_000);
  assert.equal(loadConfig({ SEAT_GRACE_MS: " 2000 " }).seatGraceMs, 2_000);
  assert.equal(loadConfig({ SEAT_GRACE_MS: "0" }).seatGraceMs, 0, "left at once");
});

Deno.test("config refuses bad values with a clear message", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: "http" }, /PORT must be an integer/],
    [{ PORT: "70000" }, /PORT must be an integer/],
    [{ TLS_CERT: "c.pem" }, /TLS_CERT and TLS_KEY must be set together/],
    [{ LINK_SECRET: "banana" }, /LINK_SECRET must be at least 32 bytes/],
    [{ PUBLIC_URL: "meet.example.com" }, /PUBLIC_URL must be an absolute URL/],
    [{ PUBLIC_URL: "ftp://x.example.com" }, /PUBLIC_URL must use/],
    [{ TURN_URLS: "turn:t.example.com" }, /TURN_SECRET is not/],
    [{ STUN_URLS: "http://x" }, /STUN_URLS entries must start with/],
    [{ ICE_TRANSPORT_POLICY: "direct" }, /ICE_TRANSPORT_POLICY must be/],
    [{ ICE_TRANSPORT_POLICY: "relay" }, /needs TURN_URLS/],
    [{ METRICS_TOKEN: "short" }, /METRICS_TOKEN must be at least 16/],
    [{ METRICS_TOKEN: "sixteen chars here" }, /without spaces/],
    [{ PRINT_LINKS: "sometimes" }, /PRINT_LINKS must be 1 or 0/],
    [{ MAX_PARTICIPANTS: "1" }, /MAX_PARTICIPANTS must be a whole number from 2 to 8/],
    [{ MAX_PARTICIPANTS: "9" }, /MAX_PARTICIPANTS must be a whole number from 2 to 8/],
    [{ MAX_PARTICIPANTS: "4.5" }, /MAX_PARTICIPANTS must be a whole number/],
    [{ MAX_PARTICIPANTS: "four" }, /MAX_PARTICIPANTS must be a whole number/],
    [{ MAX_PARTICIPANTS: "1e1" }, /MAX_PARTICIPANTS must be a whole number/],
    [{ SEAT_GRACE_MS: "-1" }, /SEAT_GRACE_MS must be a whole number of milliseconds from 0/],
    [{ SEAT_GRACE_MS: "2s" }, /SEAT_GRACE_MS must be a whole number/],
    [{ SEAT_GRACE_MS: "1.5" }, /SEAT_GRACE_MS must be a whole number/],
    [{ SEAT_GRACE_MS: "600001" }, /SEAT_GRACE_MS must be .* to 600000/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
    );
  }
});

Deno.test("config: mail is off by default; SMTP_URL needs MAIL_FROM; errors hide the password", () => {
  const off = loadConfig({});
  assert.equal(off.smtpUrl, undefined);
  assert.equal(off.signInLinkMinutes, 15);
  const on = loadConfig({
    SMTP_URL: "smtp://desk:pw@mail.example.com:587",
    MAIL_FROM: "Frontdesk <desk@example.com>",
    SIGN_IN_LINK_MINUTES: "5",
  });
  assert.equal(on.smtpUrl, "smtp://desk:pw@mail.example.com:587");
  assert.equal(on.mailFrom, "Frontdesk <desk@example.com>");
  assert.equal(on.signInLinkMinutes, 5);
  assert.throws(
    () => loadConfig({ SMTP_URL: "smtp://desk:pw@mail.example.com" }),
    (e: unknown) => e instanceof ConfigError && /MAIL_FROM is not/.test(e.message),
  );
  assert.throws(
    () =>
      loadConfig({ SMTP_URL: "http://desk:s3cret@mail.example.com", MAIL_FROM: "a@example.com" }),
    (e: unknown) =>
      e instanceof ConfigError && /SMTP_URL must be/.test(e.message) &&
      !e.message.includes("s3cret"),
  );
  for (const from of ["nobody", "Desk <nobody>", "a@example.com\r\nBcc: b@example.com"]) {
    assert.throws(
      () => loadConfig({ SMTP_URL: "smtp://mail.example.com", MAIL_FROM: from }),
      ConfigError,
    );
  }
  for (const m of ["0", "61", "ten"]) {
    assert.throws(() => loadConfig({ SIGN_IN_LINK_MINUTES: m }), /SIGN_IN_LINK_MINUTES/);
  }
});

Deno.test("config: reminders an hour ahead by default, 0 for none, a week at most", () => {
  assert.equal(loadConfig({}).reminderMinutes, 60);
  assert.equal(loadConfig({ REMINDER_MINUTES: "0" }).reminderMinutes, 0);
  assert.equal(loadConfig({ REMINDER_MINUTES: "1440" }).reminderMinutes, 1440);
  for (const m of ["-1", "10081", "1.5", "soon"]) {
    assert.throws(() => loadConfig({ REMINDER_MINUTES: m }), /REMINDER_MINUTES/);
  }
});

Deno.test("config: SQLite unless DATABASE_URL; a pool of 10 by default; errors hide the password", () => {
  assert.equal(loadConfig({}).database, undefined);
  assert.deepEqual(loadConfig({ DATABASE_URL: " postgres://fd:pw@db.example.com/fd " }).database, {
    url: "postgres://fd:pw@db.example.com/fd",
    maxConnections: 10,
  });
  assert.deepEqual(
    loadConfig({ DATABASE_URL: "postgresql://db/fd", DATABASE_POOL_MAX: "25" }).database,
    { url: "postgresql://db/fd", maxConnections: 25 },
  );
  for (const url of ["mysql://fd:s3cret@db/fd", "postgres//fd:s3cret@db", "s3cret"]) {
    assert.throws(
      () => loadConfig({ DATABASE_URL: url }),
      (e: unknown) =>
        e instanceof ConfigError && /DATABASE_URL must be a postgres:\/\//.test(e.message) &&
        !e.message.includes("s3cret"),
      url,
    );
  }
  for (const max of ["0", "101", "ten", "-1"]) {
    assert.throws(
      () => loadConfig({ DATABASE_URL: "postgres://db/fd", DATABASE_POOL_MAX: max }),
      /DATABASE_POOL_MAX must be a whole number from 1 to 100/,
      max,
    );
  }
});

Deno.test("config: in memory unless REDIS_URL; a 10 s TTL by default; errors hide the password", () => {
  assert.equal(loadConfig({}).redis, undefined);
  assert.deepEqual(loadConfig({ REDIS_URL: " redis://:pw@cache.example.com:6379/0 " }).redis, {
    url: "redis://:pw@cache.example.com:6379/0",
    ttlMs: 10_000,
  });
  assert.deepEqual(
    loadConfig({ REDIS_URL: "rediss://cache", REDIS_TTL_MS: "3000" }).redis,
    { url: "rediss://cache", ttlMs: 3000 },
  );
  for (const url of ["http://:s3cret@cache", "redis//:s3cret@cache", "s3cret", "redis://"]) {
    assert.throws(
      () => loadConfig({ REDIS_URL: url }),
      (e: unknown) =>
        e instanceof ConfigError && /REDIS_URL must be a redis:\/\//.test(e.message) &&
        !e.message.includes("s3cret"),
      url,
    );
  }
  for (const ttl of ["999", "120001", "ten", "-1"]) {
    assert.throws(
      () => loadConfig({ REDIS_URL: "redis://cache", REDIS_TTL_MS: ttl }),
      /REDIS_TTL_MS must be a whole number of milliseconds from 1000 to 120000/,
      ttl,
    );
  }
});
