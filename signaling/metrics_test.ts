import { match, ok, strictEqual } from "node:assert/strict";
import { emptyMetrics, renderProcessMetrics, renderPrometheus } from "./metrics.ts";

Deno.test("renderPrometheus writes HELP and TYPE lines and labelled samples", () => {
  const m = emptyMetrics();
  m.openSockets = 3;
  m.messagesRelayed = 42;
  m.messagesRejected.rate_limit = 2;
  m.socketsEnded.revoked = 1;
  const text = renderPrometheus(m);
  match(
    text,
    /^# HELP frontdesk_signaling_open_sockets .+\n# TYPE frontdesk_signaling_open_sockets gauge\nfrontdesk_signaling_open_sockets 3\n/,
  );
  match(text, /\n# TYPE frontdesk_signaling_messages_relayed_total counter\n/);
  match(text, /\nfrontdesk_signaling_messages_relayed_total 42\n/);
  match(text, /\nfrontdesk_signaling_messages_rejected_total\{reason="rate_limit"\} 2\n/);
  match(text, /\nfrontdesk_signaling_messages_rejected_total\{reason="too_big"\} 0\n/);
  match(text, /\nfrontdesk_signaling_sockets_ended_total\{reason="revoked"\} 1\n/);
  match(text, /\nfrontdesk_signaling_sockets_ended_total\{reason="cancelled"\} 0\n/);
  ok(text.endsWith("\n"));
});

Deno.test("renderPrometheus: every sample line belongs to a declared metric", () => {
  const lines = renderPrometheus(emptyMetrics()).trimEnd().split("\n");
  const declared = new Set<string>();
  for (const line of lines) {
    if (line.startsWith("# TYPE ")) declared.add(line.split(" ")[2]);
    else if (!line.startsWith("# HELP ")) {
      const name = line.split(/[{ ]/)[0];
      ok(declared.has(name), line);
      match(line, /^[a-z_]+(\{reason="[a-z_]+"\})? \d+$/);
    }
  }
  strictEqual(declared.size, 10);
});

Deno.test("renderProcessMetrics: resident memory and the V8 heap as gauges", () => {
  const text = renderProcessMetrics({
    rss: 50_000_000,
    heapTotal: 20_000_000,
    heapUsed: 12_345_678,
    external: 1_000,
  });
  match(text, /^# HELP process_resident_memory_bytes /);
  match(
    text,
    /\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 50000000\n/,
  );
  match(text, /\ndeno_heap_used_bytes 12345678\n/);
  match(text, /\ndeno_heap_total_bytes 20000000\n/);
  match(text, /\ndeno_external_memory_bytes 1000\n/);
  ok(renderProcessMetrics().includes("\nprocess_resident_memory_bytes "));
});
