import { match, ok, strictEqual } from "node:assert/strict";
import { emptyMetrics, renderPrometheus } from "./metrics.ts";

Deno.test("renderPrometheus writes HELP and TYPE lines and labelled samples", () => {
  const m = emptyMetrics();
  m.openSockets = 3;
  m.messagesRelayed = 42;
  m.messagesRejected.rate_limit = 2;
  const text = renderPrometheus(m);
  match(
    text,
    /^# HELP frontdesk_signaling_open_sockets .+\n# TYPE frontdesk_signaling_open_sockets gauge\nfrontdesk_signaling_open_sockets 3\n/,
  );
  match(text, /\n# TYPE frontdesk_signaling_messages_relayed_total counter\n/);
  match(text, /\nfrontdesk_signaling_messages_relayed_total 42\n/);
  match(text, /\nfrontdesk_signaling_messages_rejected_total\{reason="rate_limit"\} 2\n/);
  match(text, /\nfrontdesk_signaling_messages_rejected_total\{reason="too_big"\} 0\n/);
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
  strictEqual(declared.size, 8);
});
