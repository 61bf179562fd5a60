import type { AuditEntry } from "../domain/store.ts";
import { type AuditNames, describeAudit } from "../domain/audit_words.ts";
import { formatDateTime } from "../utils/time.ts";

/** Where the table sits in the whole trail. */
export interface AuditPagination {
  /** 1 is the newest page. */
  page: number;
  pages: number;
  total: number;
  /** The address of another page. */
  href(page: number): string;
}

/**
 * One page of an appointment's audit trail in plain words (domain/audit_words.ts), newest
 * first, with links to the newer and older pages. Collapsed repeats show how often and until
 * when. The machine codes are in the CSV export.
 */
export function AuditTable(
  props: { entries: AuditEntry[]; names: AuditNames; tz: string; pagination: AuditPagination },
) {
  const { page, pages, total, href } = props.pagination;
  return (
    <>
      <table class="responsive audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What happened</th>
            <th scope="col">Times</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const words = describeAudit(e, props.names);
            return (
              <tr key={e.id} data-action={e.action}>
                <td>{formatDateTime(e.at, props.tz)}</td>
                <td>{words.who}</td>
                <td>{words.what}</td>
                <td>
                  {e.count > 1 ? `${e.count}×, last ${formatDateTime(e.lastAt, props.tz)}` : "1"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 && (
        <nav class="actions" aria-label="Audit trail pages">
          {page > 1 && <a href={href(page - 1)} rel="prev">← Newer entries</a>}
          <span class="muted">Page {page} of {pages} ({total} entries)</span>
          {page < pages && <a href={href(page + 1)} rel="next">Older entries →</a>}
        </nav>
      )}
    </>
  );
}
