import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useRequestId } from "~/utils/request-info";
import { useT } from "~/utils/i18n";

/**
 * 403, 404, 503 (the database is away: try again shortly) and everything else, in the reader's
 * language; a 500 or 503 shows the request id from the log.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const requestId = useRequestId();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = status === 403 || status === 404 || status === 503;
  const title = known ? t(`error.${status}.title`) : status >= 500 ? t("error.500.title") : t("error.generic.title");
  const body =
    status === 403 || status === 404
      ? t(`error.${status}.body`)
      : status >= 500
        ? t(status === 503 ? "error.503.body" : "error.500.body", { requestId: requestId || "—" })
        : isRouteErrorResponse(error)
          ? String(error.data)
          : "";
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/" className="button button-secondary">
          {t("error.backHome")}
        </Link>
      </p>
    </section>
  );
}
