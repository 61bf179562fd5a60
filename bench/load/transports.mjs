/**
 * One simulated participant's socket, for each server under test: raw WebSocket for Frontdesk,
 * socket.io-client (websocket transport only, no compression, no reconnection) for the reference.
 * Both resolve `open()` only once the server has authenticated the socket, and call
 * `onRelay(type)` for every relayed offer / answer / ICE message they receive.
 */
import WebSocket from "ws";
import { io } from "socket.io-client";

/** A socket is refused or silent for this long: count it as a failed handshake. */
const OPEN_TIMEOUT_MS = 20_000;

/**
 * Frontdesk: `/ws?role=client&v=2` or `/ws?appointment=<id>&v=2` (protocol version 2), session
 * cookie, same-origin header. Offers, answers and candidates are addressed (`to`) to the other side.
 */
export class FrontdeskSocket {
  /** `url`: the instance to connect to (default `origin`, the page's origin sent as `Origin`). */
  constructor({ origin, url, side, appointmentId, token, localAddress }) {
    this.origin = origin;
    this.url = url ?? origin;
    this.side = side;
    this.path = side === "client"
      ? "/ws?role=client&v=2"
      : `/ws?appointment=${encodeURIComponent(appointmentId)}&v=2`;
    this.cookie = `${side === "client" ? "fd_client" : "fd_pro"}=${token}`;
    this.localAddress = localAddress;
    this.onRelay = () => {};
    this.onLost = () => {};
    this.ws = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url.replace(/^http/, "ws") + this.path, {
        headers: { cookie: this.cookie, origin: this.origin },
        localAddress: this.localAddress,
        perMessageDeflate: false,
        handshakeTimeout: OPEN_TIMEOUT_MS,
      });
      this.ws = ws;
      let welcomed = false;
      const timer = setTimeout(
        () => fail(new Error("timeout waiting for welcome")),
        OPEN_TIMEOUT_MS,
      );
      const fail = (err) => {
        clearTimeout(timer);
        if (!welcomed) {
          welcomed = true;
          ws.terminate();
          reject(err);
        }
      };
      ws.on("message", (data, isBinary) => {
        if (isBinary) return;
        // Every server message starts with {"type":"<name>": the 10th byte tells them apart. Read
        // from the frame's bytes, so a relayed message costs the load client no string.
        const c = data[9];
        if (c === 111 /* o */) this.onRelay("offer");
        else if (c === 97 /* a */) this.onRelay("answer");
        else if (c === 105 /* i */) this.onRelay("ice");
        else if (c === 119 /* w */ && !welcomed) {
          welcomed = true;
          clearTimeout(timer);
          resolve();
        } else if (c === 101 /* e */) {
          this.onLost(`error message: ${JSON.parse(data.toString()).code}`);
        }
      });
      ws.on(
        "unexpected-response",
        (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)),
      );
      ws.on("error", (err) => fail(new Error(err.code ?? err.message)));
      ws.on("close", (code) => {
        fail(new Error(`closed ${code} before welcome`));
        if (this.ws === ws && code !== 1000) this.onLost(`closed ${code}`);
      });
    });
  }

  /**
   * What `send` takes for `msg`: its text addressed to either side (encoded once, outside the
   * timed path); `send` picks the one for the other side.
   */
  static prepare(msg) {
    return {
      toPro: JSON.stringify({ ...msg, to: "pro" }),
      toClient: JSON.stringify({ ...msg, to: "client" }),
    };
  }

  send(prepared) {
    this.ws.send(this.side === "client" ? prepared.toPro : prepared.toClient);
  }

  /** Frontdesk's app-level heartbeat (browsers send it every 15 s). */
  ping() {
    this.ws.send('{"type":"ping"}');
  }

  close() {
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
  }
}

/** The reference: socket.io with the same query and cookie. */
export class ReferenceSocket {
  constructor({ origin, url, side, appointmentId, token, localAddress }) {
    this.origin = origin;
    this.url = url ?? origin;
    this.query = side === "client" ? { role: "client" } : { appointment: appointmentId };
    this.cookie = `${side === "client" ? "fd_client" : "fd_pro"}=${token}`;
    this.localAddress = localAddress;
    this.onRelay = () => {};
    this.onLost = () => {};
    this.socket = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const socket = io(this.url, {
        transports: ["websocket"],
        query: this.query,
        extraHeaders: { cookie: this.cookie, origin: this.origin },
        localAddress: this.localAddress,
        perMessageDeflate: false,
        reconnection: false,
        forceNew: true,
        timeout: OPEN_TIMEOUT_MS,
      });
      this.socket = socket;
      let settled = false;
      socket.on("connect", () => {
        settled = true;
        resolve();
      });
      socket.on("connect_error", (err) => {
        if (settled) return;
        settled = true;
        socket.close();
        reject(new Error(err.message));
      });
      socket.on("disconnect", (reason) => {
        if (this.socket === socket) this.onLost(`disconnect: ${reason}`);
      });
      for (const type of ["offer", "answer", "ice"]) {
        socket.on(type, () => this.onRelay(type));
      }
    });
  }

  /** socket.io encodes the object itself, as the seeds' browser code does. */
  static prepare(msg) {
    return msg;
  }

  /** socket.io carries the object as the event's argument, named by its type. */
  send(msg) {
    this.socket.emit(msg.type, msg);
  }

  /** socket.io keeps itself alive (engine.io ping/pong); nothing to do. */
  ping() {}

  close() {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
