/**
 * The load client: one Node process holding both ends of every simulated appointment, so one
 * clock times each relay. Driven by the bench over stdin / stdout, one JSON command per line:
 *
 *   {"id":1,"cmd":"init","server":"frontdesk"|"deno-floor"|"reference","origin":"http://127.0.0.1:PORT",
 *    "fixtures":"/tmp/.../fixtures.json","sourceAddresses":8}
 *     Across instances also "instances":["http://127.0.0.1:P1",...] (where sockets connect; `origin`
 *     is then the public origin sent as `Origin`), "slice":[from,to] (the fixtures' appointments
 *     this process holds) and "placement":"cross" (each appointment's two ends on two instances)
 *     or "same" (both on one, spread round-robin), and "sourceOffset":K (its source addresses
 *     start at 127.0.0.(2+K), so load processes side by side never share ephemeral ports).
 *   {"id":2,"cmd":"connect","to":500,"concurrency":256}       appointments [connected, to)
 *   {"id":3,"cmd":"exchange","from":0,"to":500,"window":250}  offer/answer + 20 ICE per side
 *   {"id":4,"cmd":"rate","pairs":1000,"rate":5000,"seconds":5} open-loop ICE, latency
 *   {"id":5,"cmd":"usage"} / {"id":6,"cmd":"close"}
 *
 * Replies `{"id":N,"ok":true,"result":{...}}` on stdout. Traffic goes to loopback only; tokens
 * are never printed.
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { FrontdeskSocket, ReferenceSocket } from "./transports.mjs";
import { answer, ice, ICE_PER_SIDE, offer } from "./payloads.mjs";
import { summarize } from "./stats.mjs";

/** Sockets per loopback source address: under the ~28k ephemeral ports each one has. */
const SOCKETS_PER_SOURCE = 20_000;
/** Longest wait for in-flight messages after a phase, before counting the rest as lost. */
const DRAIN_MS = 5_000;
/** Frontdesk closes sockets silent for 45 s; browsers ping every 15 s, and so do we. */
const PING_EVERY_MS = 15_000;

const state = {
  Socket: null,
  origin: "",
  /** Where sockets connect (one entry: the origin itself). */
  instances: [],
  placement: "same",
  fixtures: null,
  sourceAddresses: 1,
  /** First source address is 127.0.0.(2 + this): load processes side by side use their own. */
  sourceOffset: 0,
  /** pairs[i] = { client, pro } participants of appointment i, once connected. */
  pairs: [],
  lost: 0,
  lostReasons: new Map(),
  pingTimer: null,
  /** Participants opened by a `connect` still running: not in `pairs` yet, but kept alive too. */
  opening: new Set(),
};

/** One end of an appointment: its socket plus what the clock needs. */
class Participant {
  constructor(conn) {
    this.conn = conn;
    this.peer = null;
    this.received = 0;
    /** Scheduled send times (ms) of messages on their way to this participant, oldest first. */
    this.expect = [];
    this.expectHead = 0;
    this.latencies = null;
    this.lastSend = performance.now();
    conn.onRelay = () => this.#relayed();
    conn.onLost = (why) => {
      state.lost++;
      state.lostReasons.set(why, (state.lostReasons.get(why) ?? 0) + 1);
    };
  }

  #relayed() {
    this.received++;
    if (this.expectHead < this.expect.length) {
      const sentAt = this.expect[this.expectHead++];
      this.latencies?.push(performance.now() - sentAt);
    }
  }

  /** Sends `prepared` to the peer; a `timed` message is clocked from this moment. */
  send(prepared, timed = false) {
    const now = performance.now();
    if (timed) this.peer.expect.push(now);
    this.lastSend = now;
    this.conn.send(prepared);
  }

  resetClock(latencies) {
    this.expect = [];
    this.expectHead = 0;
    this.latencies = latencies;
  }
}

/**
 * The instance appointment `i`'s `side` connects to: with "cross" placement the professional's
 * socket on instance i mod n and the client's on the next one, so every relay crosses instances.
 */
function instanceFor(i, side) {
  const n = state.instances.length;
  const shift = state.placement === "cross" && side === "client" ? 1 : 0;
  return state.instances[(i + shift) % n];
}

function sourceAddress(index) {
  const n = Math.floor(index / SOCKETS_PER_SOURCE) % state.sourceAddresses;
  return `127.0.0.${2 + state.sourceOffset + n}`;
}

function init(cmd) {
  if (!/^http:\/\/127\.\d+\.\d+\.\d+:\d+$/.test(cmd.origin)) {
    throw new Error("load traffic goes to 127.0.0.0/8 only");
  }
  state.Socket = cmd.server === "reference" ? ReferenceSocket : FrontdeskSocket;
  state.origin = cmd.origin;
  state.instances = cmd.instances ?? [cmd.origin];
  for (const url of state.instances) {
    if (!/^http:\/\/127\.\d+\.\d+\.\d+:\d+$/.test(url)) {
      throw new Error("load traffic goes to 127.0.0.0/8 only");
    }
  }
  state.placement = cmd.placement === "cross" ? "cross" : "same";
  state.fixtures = JSON.parse(readFileSync(cmd.fixtures, "utf8"));
  if (cmd.slice) {
    state.fixtures.appointments = state.fixtures.appointments.slice(cmd.slice[0], cmd.slice[1]);
  }
  state.sourceAddresses = Math.max(1, Math.min(250, cmd.sourceAddresses ?? 1));
  state.sourceOffset = Math.max(0, Math.min(250 - state.sourceAddresses, cmd.sourceOffset ?? 0));
  state.pingTimer = setInterval(pingIdle, 1_000);
  return { appointments: state.fixtures.appointments.length };
}

/** Keeps held Frontdesk sockets alive the way browsers do. */
function pingIdle() {
  const now = performance.now();
  const groups = [[...state.opening]];
  for (const pair of state.pairs) {
    if (pair) groups.push([pair.client, pair.pro]);
  }
  for (const group of groups) {
    for (const p of group) {
      if (now - p.lastSend > PING_EVERY_MS) {
        p.lastSend = now;
        try {
          p.conn.ping();
        } catch { /* closed: counted by onLost */ }
      }
    }
  }
}

/** Opens both sockets of appointments [connected, to) with at most `concurrency` in flight. */
async function connect(cmd) {
  const from = state.pairs.length;
  const to = Math.min(cmd.to, state.fixtures.appointments.length);
  const pending = [];
  for (let i = from; i < to; i++) {
    const a = state.fixtures.appointments[i];
    const pro = state.fixtures.professionals[a.professionalIndex];
    pending.push({ i, side: "pro", token: pro.token, id: a.id });
    pending.push({ i, side: "client", token: a.clientToken, id: a.id });
  }
  const made = new Map();
  let failures = 0;
  const errors = new Map();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < pending.length) {
      const job = pending[next++];
      const conn = new state.Socket({
        origin: state.origin,
        url: instanceFor(job.i, job.side),
        side: job.side,
        appointmentId: job.id,
        token: job.token,
        localAddress: sourceAddress(
          job.i * 2 + (job.side === "client" ? 1 : 0),
        ),
      });
      try {
        await conn.open();
        const entry = made.get(job.i) ?? {};
        entry[job.side] = new Participant(conn);
        state.opening.add(entry[job.side]);
        made.set(job.i, entry);
      } catch (err) {
        failures++;
        errors.set(err.message, (errors.get(err.message) ?? 0) + 1);
      }
    }
  };
  const workers = [];
  for (let w = 0; w < Math.max(1, cmd.concurrency ?? 256); w++) {
    workers.push(worker());
  }
  await Promise.all(workers);
  const ms = performance.now() - started;
  state.opening.clear();
  let complete = 0;
  for (let i = from; i < to; i++) {
    const entry = made.get(i);
    if (entry?.client && entry?.pro) {
      entry.client.peer = entry.pro;
      entry.pro.peer = entry.client;
      state.pairs[i] = entry;
      complete++;
    } else {
      entry?.client?.conn.close();
      entry?.pro?.conn.close();
      state.pairs[i] = null;
    }
  }
  return {
    attempted: pending.length,
    sockets: pending.length - failures,
    failures,
    errors: Object.fromEntries(errors),
    completePairs: complete,
    ms: Math.round(ms),
    heldSockets: heldSockets(),
  };
}

function heldSockets() {
  let n = 0;
  for (const pair of state.pairs) if (pair) n += 2;
  return n;
}

/** Waits until `done()` or the drain deadline; bounded polling. */
async function settle(done, ms = DRAIN_MS) {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The signaling of a call for appointments [from, to), `window` appointments at a time: the
 * client sends the offer and the professional the answer, and each trickles 20 candidates.
 * Counts every relayed message that arrived.
 */
async function exchange(cmd) {
  const pairs = state.pairs.slice(cmd.from, cmd.to).filter(Boolean);
  const prepare = state.Socket.prepare;
  const iceMsgs = Array.from(
    { length: ICE_PER_SIDE },
    (_, k) => prepare(ice(k)),
  );
  const offerMsg = prepare(offer(1));
  const answerMsg = prepare(answer(1));
  const perSide = 1 + ICE_PER_SIDE;
  let sent = 0;
  let delivered = 0;
  const started = performance.now();
  const window = Math.max(1, cmd.window ?? 250);
  for (let w = 0; w < pairs.length; w += window) {
    const batch = pairs.slice(w, w + window);
    const base = batch.map((p) => [p.client.received, p.pro.received]);
    for (const p of batch) {
      p.client.send(offerMsg);
      p.pro.send(answerMsg);
      for (const m of iceMsgs) {
        p.client.send(m);
        p.pro.send(m);
      }
      sent += 2 * perSide;
    }
    const arrived = () =>
      batch.reduce(
        (n, p, k) => n + p.client.received - base[k][0] + p.pro.received - base[k][1],
        0,
      );
    await settle(() => arrived() >= batch.length * 2 * perSide);
    delivered += arrived();
  }
  return {
    appointments: pairs.length,
    sent,
    delivered,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Open-loop load: `rate` ICE messages per second for `seconds`, spread round-robin over both
 * sockets of the first `pairs` appointments, sent on a fixed schedule whatever the server does
 * (a slow server cannot slow the sender down). Each message is clocked from the moment it is
 * written to its socket, so the sender's own timer lateness (`scheduleLagMs`) is not counted as
 * relay latency on a shared machine; it is reported next to it.
 */
async function rate(cmd) {
  const senders = [];
  for (const pair of state.pairs.slice(0, cmd.pairs)) {
    if (pair) senders.push(pair.client, pair.pro);
  }
  if (senders.length === 0) throw new Error("no connected pairs");
  const latencies = [];
  for (const s of senders) s.resetClock(latencies);
  const msg = state.Socket.prepare(ice(7));
  const total = Math.round(cmd.rate * cmd.seconds);
  const interval = 1000 / cmd.rate;
  const receivedBefore = senders.reduce((n, s) => n + s.received, 0);
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now() + 5;
  let sent = 0;
  let next = 0;
  const lags = [];
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - t0) / interval) + 1);
      if (sent < due) lags.push(now - (t0 + sent * interval));
      while (sent < due) {
        senders[next].send(msg, true);
        next = (next + 1) % senders.length;
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    setTimeout(tick, 5);
  });
  const received = () => senders.reduce((n, s) => n + s.received, 0) - receivedBefore;
  await settle(() => received() >= total);
  const cpu = process.cpuUsage(cpuBefore);
  for (const s of senders) s.resetClock(null);
  return {
    rate: cmd.rate,
    seconds: cmd.seconds,
    sockets: senders.length,
    perSocketRate: Math.round((cmd.rate / senders.length) * 100) / 100,
    sent,
    delivered: received(),
    latencyMs: summarize(latencies),
    scheduleLagMs: summarize(lags),
    clientCpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 1000) / 1000,
  };
}

/** Held sockets per instance they connected to (the instance's URL → count). */
function perInstance() {
  const counts = Object.fromEntries(state.instances.map((url) => [url, 0]));
  state.pairs.forEach((pair, i) => {
    if (!pair) return;
    counts[instanceFor(i, "pro")]++;
    counts[instanceFor(i, "client")]++;
  });
  return counts;
}

/** Relayed messages received so far by every held participant together. */
function receivedTotal() {
  let n = 0;
  for (const pair of state.pairs) if (pair) n += pair.client.received + pair.pro.received;
  return n;
}

function usage() {
  const mem = process.memoryUsage();
  return {
    heldSockets: heldSockets(),
    received: receivedTotal(),
    perInstance: perInstance(),
    lost: state.lost,
    lostReasons: Object.fromEntries(state.lostReasons),
    rssMb: Math.round(mem.rss / 1e6),
  };
}

function closeAll() {
  clearInterval(state.pingTimer);
  for (const pair of state.pairs) {
    pair?.client.conn.close();
    pair?.pro.conn.close();
  }
  state.pairs = [];
  return {};
}

const commands = { init, connect, exchange, rate, usage, close: closeAll };

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === "") continue;
  const cmd = JSON.parse(line);
  let reply;
  try {
    const fn = commands[cmd.cmd];
    if (!fn) throw new Error(`unknown command ${cmd.cmd}`);
    reply = { id: cmd.id, ok: true, result: await fn(cmd) };
  } catch (err) {
    reply = { id: cmd.id, ok: false, error: String(err?.message ?? err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
  if (cmd.cmd === "close") break;
}
process.exit(0);
