/**
 * Browser code for tests/chat_channel_browser_test.ts (bundled by it): Ada is connected to Maria
 * and to Ben, each pair by two peer connections in one page; every person has a ChatChannels
 * with a channel per connection, opened as the module doc says (the offering end before its
 * offer, the answering end after the offer, before its answer). Exposed as `window.chat`.
 */
import "../../call/ui/english_words.ts";
import { ChatChannels } from "../../call/chat_channel.ts";
import { connectPair } from "./peer_pair.ts";

const people = {
  ada: new ChatChannels({ selfName: "Ada Lovelace" }),
  maria: new ChatChannels({ selfName: "Maria" }),
  ben: new ChatChannels({ selfName: "Ben", panelOpen: () => true }),
};
type Who = keyof typeof people;
/** Ada's raw channel to Maria, to send frames the module would never send. */
let adaToMaria: RTCDataChannel | null = null;
/** negotiationneeded events on the answering ends after they opened their channel. */
const lateNegotiations = { maria: 0, ben: 0 };

async function connect(remote: "maria" | "ben") {
  await connectPair({
    beforeOffer(a) {
      const ch = people.ada.addPeer(remote, a);
      if (remote === "maria") adaToMaria = ch;
    },
    beforeAnswer(b) {
      b.addEventListener("negotiationneeded", () => lateNegotiations[remote]++);
      people[remote].addPeer("ada", b);
    },
  });
}

const chat = {
  async start(): Promise<void> {
    await Promise.all([connect("maria"), connect("ben")]);
  },
  /** Whether each person's channels are all open. */
  open: () =>
    people.ada.openPeers.value.length === 2 && people.maria.canSend.value &&
    people.ben.canSend.value,
  send: (who: Who, text: string) => {
    const r = people[who].send(text);
    return r.ok ? { ok: true, delivered: r.delivered } : r;
  },
  /** What `who` sees: each message's sender name, peer id and text; the unread count. */
  seen: (who: Who) => ({
    messages: people[who].messages.value.map((m) => ({
      from: m.from,
      peerId: m.peerId,
      text: m.text,
    })),
    unread: people[who].unread.value,
    refused: people[who].refused.value,
  }),
  markRead: (who: Who) => people[who].markRead(),
  /** Sends a raw frame from Ada to Maria, around the module. */
  raw: (data: string) => adaToMaria!.send(data),
  /** Re-sends the last message Ada sent, as a duplicate frame. */
  duplicate: () => {
    const last = people.ada.messages.value.findLast((m) => m.peerId === null)!;
    const { peerId: _p, at: _a, ...msg } = last;
    adaToMaria!.send(JSON.stringify(msg));
  },
  lateNegotiations: () => lateNegotiations,
  /** Ada leaves Maria's side: her channel closes. */
  removeMaria: () => people.ada.removePeer("maria"),
};

/** What the page exposes as `window.chat`. */
export type ChatPage = typeof chat;

Object.assign(globalThis, { chat });
