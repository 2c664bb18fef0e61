import { LOCALES, parseLocaleCookie, translator, type Locale } from "~/i18n";

/**
 * Errors that mean "the database cannot be reached right now", not "this request is wrong":
 * the socket failed (refused, reset, timed out), the server is shutting down or starting up
 * (SQLSTATE 57P01-57P03), the connection broke (class 08), or it has no free connection (53300).
 * The `postgres` driver reports a lost connection with its own codes.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** True when the error, or anything it wraps (drizzle's query error, an AggregateError), is a lost database. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && (NETWORK_CODES.has(e.code) || DRIVER_CODES.has(e.code) || SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) {
    return true;
  }
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** Seconds a client should wait before retrying: an outage worth a 503 is expected to be short. */
export const RETRY_AFTER_SECONDS = 5;

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * The page shown while the database is away. It needs nothing but this process: no database,
 * no stylesheet from the build. The reader's language comes first, the other one follows, so
 * the message is clear whatever the cookie says.
 */
export function serviceUnavailablePage(locale: Locale, requestId: string, retryUrl: string | null): string {
  const order = [locale, ...LOCALES.filter((l) => l !== locale)];
  const sections = order
    .map((l, index) => {
      const t = translator(l);
      const heading = index === 0 ? "h1" : "h2";
      return `<section lang="${l}"><${heading}>${escapeHtml(t("error.503.title"))}</${heading}><p>${escapeHtml(t("error.503.body", { requestId }))}</p>${
        retryUrl && index === 0 ? `<p><a class="button" href="${escapeHtml(retryUrl)}">${escapeHtml(t("error.503.retry"))}</a></p>` : ""
      }</section>`;
    })
    .join("");
  const title = order.map((l) => translator(l)("error.503.title")).join(" · ");
  return `<!DOCTYPE html>
<html lang="${locale}" data-request-id="${escapeHtml(requestId)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;font-family:system-ui,"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f5f7fa}
main{max-width:40rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #d9e2ec;border-radius:.5rem}
.code{font-size:3rem;font-weight:700;color:#9b1c1c;margin:0}
h1,h2{margin:.5rem 0}
section+section{margin-top:1.5rem;padding-top:1rem;border-top:1px solid #d9e2ec;color:#52606d}
.button{display:inline-block;padding:.5rem 1rem;background:#0b5394;color:#fff;border-radius:.25rem;text-decoration:none}
code{font-size:.9em}
</style>
</head>
<body>
<main id="main">
<p class="code">503</p>
${sections}
</main>
</body>
</html>`;
}

/**
 * The answer to a request that failed because the database is away. A document request gets
 * the page; a Remix data request (client-side navigation or form submit) gets a caught 503 so
 * that the route's error boundary shows it instead of a generic failure.
 */
export function serviceUnavailableResponse(request: Request, requestId: string): Response {
  const locale = parseLocaleCookie(request.headers.get("Cookie"));
  // X-Request-Id is already on every response (app/server.ts).
  const headers = new Headers({ "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" });
  const url = new URL(request.url);
  if (url.searchParams.has("_data")) {
    headers.set("Content-Type", "application/json; charset=utf-8");
    headers.set("X-Remix-Catch", "yes");
    return new Response(JSON.stringify(translator(locale)("error.503.body", { requestId })), { status: 503, headers });
  }
  headers.set("Content-Type", "text/html; charset=utf-8");
  const retryUrl = request.method === "GET" ? url.pathname + url.search : null;
  return new Response(serviceUnavailablePage(locale, requestId, retryUrl), { status: 503, headers });
}
