/**
 * A signed-in professional and their client driven without a browser against the real server:
 * an appointment created through the dashboard form, a client session from its link, and the
 * `cookie` header that opens a signaling socket as either of them.
 */
import { Client, clientLinkFrom, csrfFrom } from "./browserless_client.ts";

/** What else the booking form gets: the client's address (for invitations and reminders). */
export interface BookingExtras {
  clientEmail?: string;
}

/**
 * Creates an appointment starting `startsInMin` from now (to the minute); returns its id and
 * client link.
 */
export function createAppointment(
  pro: Client,
  name: string,
  startsInMin: number,
  extras: BookingExtras = {},
) {
  const start = new Date(Date.now() + startsInMin * 60_000).toISOString().slice(0, 16);
  return createAppointmentAt(pro, name, Date.parse(`${start}Z`), extras);
}

/** Creates an appointment starting at `startsAt` (epoch ms, to the second). */
export async function createAppointmentAt(
  pro: Client,
  name: string,
  startsAt: number,
  extras: BookingExtras = {},
) {
  const csrf = csrfFrom((await pro.get("/dashboard")).text);
  const res = await pro.postForm("/dashboard", {
    csrf,
    tz: "UTC",
    clientName: name,
    ...(extras.clientEmail ? { clientEmail: extras.clientEmail } : {}),
    start: new Date(startsAt).toISOString().slice(0, 19),
    durationMin: "30",
  });
  await res.body?.cancel();
  const id = res.headers.get("location")!.split("/").pop()!;
  const link = clientLinkFrom((await pro.get(`/dashboard/appointments/${id}`)).text);
  return { id, link };
}

/** A client who opened `link` (and so holds its session cookie). */
export async function clientFor(base: string, link: string): Promise<Client> {
  const client = new Client(base);
  const u = new URL(link);
  await (await client.fetch(u.pathname + u.search)).body?.cancel();
  return client;
}

/** The `cookie` header of `c`'s jar. */
export const cookieHeader = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** Posts one of the appointment page's forms (`revoke`, `cancel`) as the professional. */
export async function postAppointmentAction(
  pro: Client,
  id: string,
  action: "revoke" | "cancel",
): Promise<Response> {
  const page = await pro.get(`/dashboard/appointments/${id}`);
  const res = await pro.postForm(`/dashboard/appointments/${id}/${action}`, {
    csrf: csrfFrom(page.text),
  });
  await res.body?.cancel();
  return res;
}
