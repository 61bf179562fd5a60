/**
 * The dashboard's appointment list, kept live over the signaling socket:
 * statuses change as clients join, wait, talk and leave; a waiting client
 * raises a banner, a short chime and a count in the tab title. "Join call" opens the call in
 * place (see call/ui/use_in_page_call.ts); a waiting client's call settings are fetched ahead.
 * Someone knocking (an instant call's visitor, a guest arriving mid-call) shows as "Maria (guest)
 * is waiting — Let in / Not now"; the answer goes over the same socket (`admit` / `decline`).
 */
import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import type { AppointmentStatus } from "../domain/store.ts";
import { isFinalStatus } from "../domain/appointments.ts";
import { CloseCode, type Knocker, type MediaState } from "../signaling/protocol.ts";
import { KnockNotice } from "../components/KnockNotice.tsx";
import { SignalingClient } from "../call/signaling_client.ts";
import { playChime } from "../call/level_meter.ts";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { fetchProCallConfig, proCallPath } from "../call/pro_call_config.ts";
import { useInPageCall } from "../call/ui/use_in_page_call.ts";
import { InPageCall } from "../call/ui/InPageCall.tsx";
import { NoteForm, type NoteOutcome } from "../call/ui/NoteForm.tsx";
import { keepStandby } from "../call/standby_sockets.ts";
import { socketUrl } from "../call/socket_url.ts";

/** One row, already formatted on the server. */
export interface LiveRow {
  id: string;
  iso: string;
  when: string;
  durationMin: number;
  clientName: string;
  status: AppointmentStatus;
}

interface Live {
  status: AppointmentStatus;
  clientPresent: boolean;
  clientMedia?: MediaState;
}

const BASE_TITLE = "Your appointments · Frontdesk";

function mediaWords(m: MediaState | undefined): string {
  if (!m) return "";
  if (m.video && m.audio) return "camera and microphone on";
  if (m.video) return "camera on, microphone off";
  if (m.audio) return "microphone on, camera off";
  return "camera and microphone off";
}

export default function LiveAppointments(props: { rows: LiveRow[]; tzLabel: string }) {
  const live = useSignal<Record<string, Live>>(
    Object.fromEntries(
      props.rows.map((r) => [r.id, { status: r.status, clientPresent: r.status === "waiting" }]),
    ),
  );
  const connected = useSignal(false);
  /** The server closed the dashboard's socket for good (4009: signed out everywhere). */
  const signedOut = useSignal(false);
  /** Who knocks, by appointment id (the server's `knocks`). */
  const knocks = useSignal<Record<string, Knocker[]>>({});
  const socket = useRef<SignalingClient | null>(null);
  /** The last note sent to someone waiting, by appointment id (and where it went). */
  const notes = useSignal<Record<string, NoteOutcome>>({});
  const lastNoteTo = useRef<string | null>(null);
  const call = useInPageCall();

  useEffect(() => {
    let alerted = new Set<string>();
    const client = new SignalingClient(socketUrl("/ws"), {
      onState: (s) => connected.value = s === "open",
      onFinalClose: (code) => {
        if (code === CloseCode.SIGNED_OUT) signedOut.value = true;
      },
      onMessage: (msg) => {
        // (Re)connected: the knock lists follow the welcome.
        if (msg.type === "welcome") {
          knocks.value = {};
          return;
        }
        if (msg.type === "knocks") {
          const before = knocks.value[msg.appointmentId] ?? [];
          knocks.value = { ...knocks.value, [msg.appointmentId]: msg.knocking };
          if (msg.knocking.some((k) => !before.some((b) => b.id === k.id))) {
            playChime().catch(() => {});
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
        if (msg.type !== "status" || !(msg.appointmentId in live.value)) return;
        live.value = {
          ...live.value,
          [msg.appointmentId]: {
            status: msg.status,
            clientPresent: msg.clientPresent,
            clientMedia: msg.clientMedia,
          },
        };
        const waiting = new Set(
          Object.entries(live.value).filter(([, l]) => l.status === "waiting").map(([id]) => id),
        );
        if ([...waiting].some((id) => !alerted.has(id))) playChime().catch(() => {});
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

  const waitingRows = props.rows.filter((r) => live.value[r.id]?.status === "waiting");
  const inCall = call.open.value;
  useEffect(() => {
    document.title = inCall
      ? `Call with ${inCall.config.clientName} · Frontdesk`
      : waitingRows.length > 0
      ? `(${waitingRows.length}) Client waiting · Frontdesk`
      : BASE_TITLE;
  }, [waitingRows.length, inCall]);
  // While the professional reads the banner, the call's settings are fetched and its socket is
  // opened, so "Join call" starts at once.
  const ahead = waitingRows.map((r) => r.id).filter((id) => id !== inCall?.appointmentId);
  useEffect(() => {
    for (const id of ahead) {
      fetchProCallConfig(id).catch(() => {/* fetched again on click */});
    }
    keepStandby(ahead);
  }, [ahead.join(",")]);
  useEffect(() => () => keepStandby([]), []);

  const joinLink = (r: LiveRow, className?: string) => (
    <a
      class={className}
      href={proCallPath(r.id)}
      onClick={(e) => call.onJoinClick(e, r.id)}
    >
      Join call<span class="sr-only">with {r.clientName}</span>
    </a>
  );

  return (
    <div class="live-appointments" data-live={connected.value ? "on" : "off"}>
      <div aria-live="assertive">
        {signedOut.value && (
          <div class="banner" role="alert" data-testid="signed-out">
            <span>You signed out everywhere. This page no longer updates.</span>
            <a class="button primary" href="/login">Sign in again</a>
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
              where={props.rows.find((r) => r.id === appointmentId)?.clientName ?? "another call"}
              onLetIn={() => answer("admit", appointmentId, k.id)}
              onDecline={() => answer("decline", appointmentId, k.id)}
            />
          ))
        )}
        {waitingRows.map((r) => (
          <div class="banner" role="alert" key={r.id} data-testid="waiting-banner">
            <span>
              {r.clientName} is waiting
              {live.value[r.id]?.clientMedia
                ? ` (${mediaWords(live.value[r.id].clientMedia)})`
                : ""}
            </span>
            {joinLink(r, "button primary")}
          </div>
        ))}
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
      {props.rows.length === 0
        ? <p class="muted">No appointments today or later. Create one below.</p>
        : (
          <table class="responsive appointments">
            <thead>
              <tr>
                <th scope="col">When ({props.tzLabel})</th>
                <th scope="col">Client</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => {
                const status = live.value[r.id]?.status ?? r.status;
                const open = !isFinalStatus(status);
                return (
                  <tr key={r.id} data-appointment={r.id}>
                    <td>
                      <time dateTime={r.iso}>{r.when}</time>{" "}
                      <span class="muted">· {r.durationMin} min</span>
                    </td>
                    <td>{r.clientName}</td>
                    <td>
                      <StatusBadge status={status} />
                    </td>
                    <td class="actions">
                      {open && joinLink(r)}
                      <a href={`/dashboard/appointments/${r.id}`}>
                        Details<span class="sr-only">of the appointment with {r.clientName}</span>
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      {inCall && (
        <InPageCall
          key={inCall.appointmentId}
          appointmentId={inCall.appointmentId}
          config={inCall.config}
          standby={inCall.standby}
          onClose={call.close}
        />
      )}
    </div>
  );
}
