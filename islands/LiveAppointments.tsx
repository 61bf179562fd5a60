/**
 * The professional's day planner, kept live over the signaling socket: the waiting queue on top
 * (sticky, with how long each person has waited), "Next up", and the Today / Upcoming / Past
 * groups the server sorted the appointments into. Statuses change as clients join, wait, talk and
 * leave; a waiting client raises a queue entry, a short chime, a desktop notification (once the
 * professional turned them on) and a count in the tab title. "Join call" is offered only while
 * an appointment is open (its join window), checked again every few seconds. "Join call" opens the call in
 * place (see call/ui/use_in_page_call.ts); a waiting client's call settings are fetched ahead.
 * Someone knocking (an instant call's visitor, a guest arriving mid-call) shows as "Maria (guest)
 * is waiting — Let in / Not now"; the answer goes over the same socket (`admit` / `decline`).
 */
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import type { AppointmentStatus } from "../domain/store.ts";
import { canJoin, DAY_GROUPS, type DayGroup, statusNow } from "../domain/day_plan.ts";
import { CloseCode, type Knocker, type MediaState } from "../signaling/protocol.ts";
import { KnockNotice } from "../ui/KnockNotice.tsx";
import { type LiveWords, lw, setLiveWords } from "../ui/live_words.ts";
import { type CallWords, setCallWords } from "../call/ui/words.ts";
import { SignalingClient } from "../call/signaling_client.ts";
import { playChime } from "../call/level_meter.ts";
import { PlannerGroup } from "../ui/PlannerGroup.tsx";
import { NextUpCard } from "../ui/NextUpCard.tsx";
import { TruncatedName } from "../ui/TruncatedName.tsx";
import { NotificationToggle } from "../ui/NotificationToggle.tsx";
import { notify } from "../utils/desktop_notification.ts";
import { waitedWords } from "../utils/waited.ts";
import { proCallPath } from "../call/pro_call_config.ts";
import { useInPageCall } from "../call/ui/use_in_page_call.ts";
import { InPageCall } from "../call/ui/InPageCall.tsx";
import { NoteForm, type NoteOutcome } from "../call/ui/NoteForm.tsx";
import { keepStandby } from "../call/standby_sockets.ts";
import { socketUrl } from "../call/socket_url.ts";

/** One row, already formatted on the server. */
export interface LiveRow {
  id: string;
  iso: string;
  /** Start, epoch ms (for the join window). */
  startsAt: number;
  /** The start as shown: the time alone for today's, the date and time for the others. */
  when: string;
  /** When Join becomes available, as shown ("13:45", or a date and time). */
  opensAt: string;
  durationMin: number;
  clientName: string;
  status: AppointmentStatus;
  group: DayGroup;
}

interface Live {
  status: AppointmentStatus;
  clientPresent: boolean;
  clientMedia?: MediaState;
  /** While waiting: since when (the server's clock, epoch ms). */
  waitingSince?: number;
}

/** How often the clock behind "waiting 3 min" and the join windows moves. */
const TICK_MS = 10_000;

function mediaWords(m: MediaState | undefined): string {
  if (!m) return "";
  if (m.video && m.audio) return lw("media.both");
  if (m.video) return lw("media.video");
  if (m.audio) return lw("media.audio");
  return lw("media.none");
}

/** "waiting 3 min" in the page's language. */
function waited(since: number, now: number): string {
  return waitedWords(since, now, {
    lessThanMinute: lw("waited.lessThanMinute"),
    minutes: lw("waited.minutes"),
    hours: lw("waited.hours"),
  });
}

export default function LiveAppointments(props: {
  rows: LiveRow[];
  tzLabel: string;
  /** The "Next up" appointment's id, or null for none (or while searching). */
  nextUpId: string | null;
  /** The server's clock when it rendered the page (epoch ms). */
  renderedAt: number;
  /** This island's words, and the call's (the in-place call, waiting notes). */
  words: LiveWords;
  callWords: CallWords;
}) {
  // Before any part renders: they all read these (i18n/words_store.ts).
  setLiveWords(props.words);
  setCallWords(props.callWords);
  const live = useSignal<Record<string, Live>>(
    Object.fromEntries(
      props.rows.map((r) => [r.id, { status: r.status, clientPresent: r.status === "waiting" }]),
    ),
  );
  const now = useSignal(props.renderedAt);
  const connected = useSignal(false);
  /** The server closed the dashboard's socket for good (4009: signed out everywhere). */
  const signedOut = useSignal(false);
  /** Who knocks, by appointment id (the server's `knocks`). */
  const knocks = useSignal<Record<string, Knocker[]>>({});
  const socket = useRef<SignalingClient | null>(null);
  /** The last note sent to someone waiting, by appointment id (and where it went). */
  const notes = useSignal<Record<string, NoteOutcome>>({});
  const lastNoteTo = useRef<string | null>(null);
  /**
   * This browser's clock minus the server's, read from the first `status` after each welcome:
   * waiting times count from the server's clock, so a computer whose clock is off still says
   * "waiting less than a minute" for someone who just arrived.
   */
  const clockOffset = useSignal(0);
  const call = useInPageCall();
  const nameOf = (id: string) => props.rows.find((r) => r.id === id)?.clientName;

  useEffect(() => {
    now.value = Date.now();
    const timer = setInterval(() => now.value = Date.now(), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    let alerted = new Set<string>();
    let offsetRead = false;
    const client = new SignalingClient(socketUrl("/ws"), {
      onState: (s) => connected.value = s === "open",
      onFinalClose: (code) => {
        if (code === CloseCode.SIGNED_OUT) signedOut.value = true;
      },
      onMessage: (msg) => {
        // (Re)connected: the knock lists follow the welcome.
        if (msg.type === "welcome") {
          knocks.value = {};
          offsetRead = false;
          return;
        }
        if (msg.type === "knocks") {
          const before = knocks.value[msg.appointmentId] ?? [];
          knocks.value = { ...knocks.value, [msg.appointmentId]: msg.knocking };
          const arrived = msg.knocking.filter((k) => !before.some((b) => b.id === k.id));
          if (arrived.length > 0) playChime().catch(() => {});
          for (const k of arrived) {
            notify(
              lw("knock", { name: k.name, role: lw(`role.${k.role}`) }),
              lw("notifyKnock.body"),
              `knock-${k.id}`,
            );
          }
          return;
        }
        // The one refusal of a note: nobody waits there any more (notes go one at a time).
        if (msg.type === "error" && msg.code === "not_waiting" && lastNoteTo.current) {
          const id = lastNoteTo.current;
          const text = notes.value[id]?.text ?? "";
          notes.value = { ...notes.value, [id]: { text, state: "not_waiting" } };
          return;
        }
        if (msg.type === "status" && !offsetRead) {
          clockOffset.value = Date.now() - msg.at;
          offsetRead = true;
        }
        if (msg.type !== "status" || !(msg.appointmentId in live.value)) return;
        live.value = {
          ...live.value,
          [msg.appointmentId]: {
            status: msg.status,
            clientPresent: msg.clientPresent,
            clientMedia: msg.clientMedia,
            waitingSince: msg.waitingSince,
          },
        };
        const waiting = new Set(
          Object.entries(live.value).filter(([, l]) => l.status === "waiting").map(([id]) => id),
        );
        const arrived = [...waiting].filter((id) => !alerted.has(id));
        if (arrived.length > 0) playChime().catch(() => {});
        for (const id of arrived) {
          notify(
            lw("notifyWaiting", { name: nameOf(id) ?? lw("yourClient") }),
            lw("notifyWaiting.body"),
            `waiting-${id}`,
          );
        }
        alerted = waiting;
      },
    });
    socket.current = client;
    return () => client.close();
  }, []);

  /** Lets in (`admit`) or declines a knock from the dashboard; the list updates at once. */
  const answer = (type: "admit" | "decline", appointmentId: string, id: string) => {
    const rest = (knocks.value[appointmentId] ?? []).filter((k) => k.id !== id);
    knocks.value = { ...knocks.value, [appointmentId]: rest };
    socket.current?.send({ type, id, appointmentId });
  };

  /** Sends the client waiting at `appointmentId` a note; the server answers only a refusal. */
  const sendNote = (appointmentId: string, text: string) => {
    lastNoteTo.current = appointmentId;
    notes.value = { ...notes.value, [appointmentId]: { text, state: "sent" } };
    socket.current?.send({ type: "note", appointmentId, to: "client", text });
  };

  /** The row's status now: live from the socket, or the end its closed window will get. */
  const statusOf = (r: LiveRow) =>
    statusNow({ ...r, status: live.value[r.id]?.status ?? r.status }, now.value);
  /** The server's clock now, as far as this browser can tell. */
  const serverNow = now.value - clockOffset.value;
  const waitingRows = props.rows.filter((r) => live.value[r.id]?.status === "waiting");
  const inCall = call.open.value;
  // In the same commit as the call view opening or closing, not after the next paint: on a busy
  // machine that came late enough for the dashboard to show under the call's title.
  useLayoutEffect(() => {
    document.title = inCall
      ? lw("title.call", { name: inCall.config.clientName })
      : waitingRows.length > 0
      ? lw("title.waiting", { count: waitingRows.length })
      : lw("title");
  }, [waitingRows.length, inCall]);
  // While the professional reads the queue, the call's settings are fetched and its socket is
  // opened, so "Join call" starts at once.
  const ahead = waitingRows.map((r) => r.id).filter((id) => id !== inCall?.appointmentId);
  useEffect(() => {
    call.prefetch(ahead);
    keepStandby(ahead);
  }, [ahead.join(",")]);
  const slot = call.view(ahead);
  useEffect(() => () => keepStandby([]), []);

  const joinLink = (r: LiveRow, className?: string) => (
    <a
      class={className ?? "button"}
      href={proCallPath(r.id)}
      onClick={(e) => call.onJoinClick(e, r.id)}
    >
      {lw("joinCall")}
      <span class="sr-only">{` ${lw("joinWith", { name: r.clientName })}`}</span>
    </a>
  );
  /** "Join call" while `r` is open now, else nothing. */
  const joinIfOpen = (r: LiveRow, className?: string) =>
    canJoin({ ...r, status: statusOf(r) }, now.value) ? joinLink(r, className) : null;
  const view = (r: LiveRow) => ({ ...r, status: statusOf(r), join: joinIfOpen(r) });
  const nextUp = props.rows.find((r) => r.id === props.nextUpId);

  return (
    <div class="live-appointments" data-live={connected.value ? "on" : "off"}>
      <div class="waiting-queue" aria-live="assertive" data-testid="waiting-queue">
        {signedOut.value && (
          <div class="banner" role="alert" data-testid="signed-out">
            <span>{lw("signedOut")}</span>
            <a class="button primary" href="/login">{lw("signInAgain")}</a>
          </div>
        )}
        {Object.entries(knocks.value).flatMap(([appointmentId, knocking]) =>
          knocking.map((k) => (
            <KnockNotice
              key={`${appointmentId} ${k.id}`}
              class="banner knock"
              testId="dashboard-knock"
              knocker={k}
              // A call made after this page loaded (another tab) has no row here yet.
              where={nameOf(appointmentId) ?? lw("anotherCall")}
              waited={k.since === undefined ? undefined : waited(k.since, serverNow)}
              onLetIn={() => answer("admit", appointmentId, k.id)}
              onDecline={() => answer("decline", appointmentId, k.id)}
            />
          ))
        )}
        {waitingRows.map((r) => {
          const l = live.value[r.id];
          return (
            <div class="banner" role="alert" key={r.id} data-testid="waiting-banner">
              <span class="waiting-who">
                <TruncatedName name={r.clientName} /> <span>{lw("isWaiting")}</span>
                {l?.clientMedia ? <span>{` (${mediaWords(l.clientMedia)})`}</span> : null}
                {l?.waitingSince !== undefined && (
                  <span class="waited" data-testid="waited">
                    {` · ${waited(l.waitingSince, serverNow)}`}
                  </span>
                )}
              </span>
              {joinLink(r, "button primary")}
            </div>
          );
        })}
      </div>
      {waitingRows.filter((r) => r.id !== inCall?.appointmentId).map((r) => (
        <NoteForm
          key={r.id}
          id={r.id}
          name={r.clientName}
          outcome={notes.value[r.id] ?? null}
          onSend={(text) => sendNote(r.id, text)}
        />
      ))}
      <NotificationToggle />
      {nextUp && (
        <NextUpCard
          {...view(nextUp)}
          join={joinIfOpen(nextUp, "button primary")}
        />
      )}
      {DAY_GROUPS.map((group) => (
        <PlannerGroup
          key={group}
          group={group}
          tzLabel={props.tzLabel}
          rows={props.rows.filter((r) => r.group === group).map(view)}
        />
      ))}
      {slot && (
        <InPageCall
          key={slot.key}
          appointmentId={slot.call.appointmentId}
          config={slot.call.config}
          standby={slot.call.standby}
          answersAhead={slot.call.answersAhead}
          shown={slot.shown}
          onClose={call.close}
          words={props.callWords}
        />
      )}
    </div>
  );
}
