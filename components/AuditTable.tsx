import type { AuditEntry } from "../domain/store.ts";
import { type AuditNames, describeAudit } from "../domain/audit_words.ts";
import { formatDateTime } from "../utils/format_time.ts";
import { currentLocale, t } from "../i18n/request_locale.ts";

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
  const locale = currentLocale();
  return (
    <>
      <table class="responsive audit">
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.who")}</th>
            <th scope="col">{t("audit.what")}</th>
            <th scope="col">{t("audit.times")}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => {
            const words = describeAudit(e, props.names);
            return (
              <tr key={e.id} data-action={e.action}>
                <td>{formatDateTime(e.at, props.tz, { locale })}</td>
                <td>{words.who}</td>
                <td>{words.what}</td>
                <td>
                  {e.count > 1
                    ? t("audit.repeated", {
                      count: e.count,
                      last: formatDateTime(e.lastAt, props.tz, { locale }),
                    })
                    : "1"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 && (
        <nav class="actions" aria-label={t("audit.pages")}>
          {page > 1 && <a href={href(page - 1)} rel="prev">{t("audit.newer")}</a>}
          <span class="muted">{t("audit.page", { page, pages, total })}</span>
          {page < pages && <a href={href(page + 1)} rel="next">{t("audit.older")}</a>}
        </nav>
      )}
    </>
  );
}
