/**
 * The HAProxy configuration of `deno task cluster`: one HTTP frontend, round robin over the
 * instances (no sticky sessions: any instance serves any socket), health checks on `/healthz`, a
 * connection refused by a stopping instance retried on another, and WebSocket tunnels kept open
 * for an hour of silence (the signaling heartbeat is every 15 s anyway).
 */

/** One instance behind the proxy. */
export interface Backend {
  name: string;
  port: number;
}

/** The configuration text for a proxy on 127.0.0.1:`port` in front of `backends`. */
export function haproxyConfig(port: number, backends: Backend[]): string {
  return `global
  # Each connection costs HAProxy two descriptors; this machine allows a process 20,000.
  maxconn 9000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
  timeout tunnel 1h
  retries 3
  option redispatch
  # The app refuses /metrics to requests that carry X-Forwarded-For without METRICS_TOKEN.
  option forwardfor

frontend web
  bind 127.0.0.1:${port}
  default_backend frontdesk

backend frontdesk
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
  http-check expect status 200
  default-server inter 1s fall 2 rise 1
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`).join("\n")}
`;
}
