/**
 * An in-memory {@linkcode Store} for tests of code that uses a store (the
 * signaling hub). Complete and faithful to the contract, not persistent.
 */

import {
  type Actor,
  type Appointment,
  type AppointmentStatus,
  type AuditEntry,
  type AuditPage,
  type NewAppointment,
  type NewAuditEntry,
  NotFoundError,
  type Professional,
  type Store,
} from "../../domain/store.ts";

/** A {@linkcode Store} held in maps; `now` is injectable for deterministic tests. */
export class MemoryStore implements Store {
  #professionals = new Map<string, Professional>();
  #appointments = new Map<string, Appointment>();
  #audit: AuditEntry[] = [];
  /** Collapsible entries by entry and window (see `NewAuditEntry.collapseWithinMs`). */
  #collapsed = new Map<string, AuditEntry>();
  #closed = false;

  constructor(private readonly now: () => number = Date.now) {}

  #open(): void {
    if (this.#closed) throw new Error("store is closed");
  }

  #write(entry: NewAuditEntry): void {
    const at = this.now();
    const window = entry.collapseWithinMs;
    const row = [
      entry.appointmentId,
      entry.professionalId,
      entry.actor,
      entry.action,
      entry.detail,
    ];
    const key = window && window > 0
      ? JSON.stringify([...row, window, Math.floor(at / window)])
      : undefined;
    const same = key === undefined ? undefined : this.#collapsed.get(key);
    if (same) {
      same.count++;
      same.lastAt = at;
      return;
    }
    const written: AuditEntry = {
      id: this.#audit.length + 1,
      appointmentId: entry.appointmentId ?? null,
      professionalId: entry.professionalId ?? null,
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail ?? null,
      at,
      count: 1,
      lastAt: at,
    };
    this.#audit.push(written);
    if (key !== undefined) this.#collapsed.set(key, written);
  }

  #update(id: string, change: Partial<Appointment>): Appointment {
    const current = this.#appointments.get(id);
    if (!current) throw new NotFoundError(`appointment ${id} not found`);
    const next = { ...current, ...change, updatedAt: this.now() };
    this.#appointments.set(id, next);
    return { ...next };
  }

  createProfessional(name: string): Promise<Professional> {
    this.#open();
    const pro = { id: crypto.randomUUID(), name, createdAt: this.now() };
    this.#professionals.set(pro.id, pro);
    return Promise.resolve({ ...pro });
  }

  getProfessional(id: string): Promise<Professional | null> {
    this.#open();
    const pro = this.#professionals.get(id);
    return Promise.resolve(pro ? { ...pro } : null);
  }

  listProfessionals(): Promise<Professional[]> {
    this.#open();
    const list = [...this.#professionals.values()].sort((a, b) => a.createdAt - b.createdAt);
    return Promise.resolve(list.map((p) => ({ ...p })));
  }

  countProfessionals(): Promise<number> {
    this.#open();
    return Promise.resolve(this.#professionals.size);
  }

  createAppointment(input: NewAppointment): Promise<Appointment> {
    this.#open();
    if (!this.#professionals.has(input.professionalId)) {
      return Promise.reject(new NotFoundError(`professional ${input.professionalId} not found`));
    }
    const at = this.now();
    const appt: Appointment = {
      id: crypto.randomUUID(),
      ...input,
      status: "scheduled",
      linkVersion: 1,
      createdAt: at,
      updatedAt: at,
    };
    this.#appointments.set(appt.id, appt);
    this.#write({
      appointmentId: appt.id,
      professionalId: appt.professionalId,
      actor: "professional",
      action: "appointment.created",
    });
    return Promise.resolve({ ...appt });
  }

  getAppointment(id: string): Promise<Appointment | null> {
    this.#open();
    const appt = this.#appointments.get(id);
    return Promise.resolve(appt ? { ...appt } : null);
  }

  listAppointments(professionalId: string, from = -Infinity): Promise<Appointment[]> {
    this.#open();
    const list = [...this.#appointments.values()]
      .filter((a) => a.professionalId === professionalId && a.startsAt >= from)
      .sort((a, b) => a.startsAt - b.startsAt)
      .map((a) => ({ ...a }));
    return Promise.resolve(list);
  }

  setStatus(
    id: string,
    status: AppointmentStatus,
    actor: Actor,
    detail?: string,
  ): Promise<Appointment> {
    this.#open();
    try {
      const appt = this.#update(id, { status });
      this.#write({
        appointmentId: id,
        professionalId: appt.professionalId,
        actor,
        action: `appointment.${status}`,
        detail: detail ?? null,
      });
      return Promise.resolve(appt);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  revokeLink(id: string, actor: Actor): Promise<Appointment> {
    this.#open();
    try {
      const current = this.#appointments.get(id);
      const appt = this.#update(id, { linkVersion: (current?.linkVersion ?? 0) + 1 });
      this.#write({
        appointmentId: id,
        professionalId: appt.professionalId,
        actor,
        action: "link.revoked",
      });
      return Promise.resolve(appt);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  audit(entry: NewAuditEntry): Promise<void> {
    this.#open();
    this.#write(entry);
    return Promise.resolve();
  }

  listAudit(appointmentId: string): Promise<AuditEntry[]> {
    this.#open();
    return Promise.resolve(
      this.#audit.filter((e) => e.appointmentId === appointmentId).map((e) => ({ ...e })),
    );
  }

  listAuditPage(
    appointmentId: string,
    page: { offset: number; limit: number },
  ): Promise<AuditPage> {
    this.#open();
    const all = this.#audit.filter((e) => e.appointmentId === appointmentId).reverse();
    return Promise.resolve({
      entries: all.slice(page.offset, page.offset + page.limit).map((e) => ({ ...e })),
      total: all.length,
    });
  }

  close(): void {
    this.#closed = true;
  }
}
