import crypto from "node:crypto";
import { Writable } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { LRUCache } from "lru-cache";
import type { ReactElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { RequestInfoProvider } from "./utils/request-info";
import { logger } from "./utils/logger.server";
import { rendersPurely } from "./utils/pure-render";

const ABORT_DELAY = 5_000;

export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  logger.error("unhandled error", {
    requestId: context?.requestId,
    method: request.method,
    url: request.url,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}

/**
 * Documents are rendered whole, then sent in one piece. No page streams (there is no Suspense
 * boundary or deferred data), so the shell is the whole page and waiting for it costs nothing;
 * one write instead of a socket write and a web-stream hop for every 2 KB chunk React emits
 * makes every page cheaper, the larger ones most (issue 8).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (responseStatusCode === 200 && request.method === "GET" && rendersPurely(remixContext)) {
    return cachedDocument(request, responseHeaders, remixContext, loadContext);
  }
  const nonce = loadContext.cspNonce;
  const rendered = await renderToHtml(document(remixContext, request.url, nonce, loadContext.requestId), nonce);
  if (rendered.error !== undefined) logger.error("render error", { requestId: loadContext.requestId, error: rendered.error });
  // A Buffer is a Uint8Array over a plain ArrayBuffer, which BodyInit takes; the DOM typings want it said.
  return new Response(rendered.bytes as Uint8Array<ArrayBuffer>, { headers: responseHeaders, status: rendered.error === undefined ? responseStatusCode : 500 });
}

function document(remixContext: EntryContext, url: string, nonce: string, requestId: string): ReactElement {
  return (
    <RequestInfoProvider value={{ nonce, requestId }}>
      <RemixServer context={remixContext} url={url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </RequestInfoProvider>
  );
}

// ---------------------------------------------------------------------------------------------
// Pages rendered once per state of their data
// ---------------------------------------------------------------------------------------------

/**
 * Stand-ins for the two values that differ between requests for the same page: the CSP nonce and
 * the request id. Random per process, so no content can contain them by chance or by design.
 */
const NONCE_SLOT = `n${crypto.randomBytes(18).toString("hex")}`;
const REQUEST_ID_SLOT = `r${crypto.randomBytes(18).toString("hex")}`;

/** The rendered HTML of pure pages, by URL and everything the loaders returned (about 100 KB each). */
const renderedPages = new LRUCache<string, string>({
  maxSize: 24 * 1024 * 1024,
  sizeCalculation: (html) => html.length * 2,
});

/**
 * A page that renders purely (see rendersPurely): the HTML is a function of the URL and the
 * loaders' data, which Remix has already serialized into the handoff script. The same inputs
 * give the same HTML, so it is rendered once with stand-ins for the nonce and the request id
 * and served from then on with this request's values put in. The statistics page renders
 * 11 charts and their tables (some 3,500 elements) from figures that change only when data is
 * written; rendering them for every visitor cost more than everything else the request does.
 */
async function cachedDocument(request: Request, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const key = crypto.createHash("sha256").update(request.url).update("\0").update(remixContext.serverHandoffString ?? "").digest("base64");
  let html = renderedPages.get(key);
  if (html === undefined) {
    const rendered = await renderToHtml(document(remixContext, request.url, NONCE_SLOT, REQUEST_ID_SLOT), NONCE_SLOT);
    if (rendered.error !== undefined) {
      logger.error("render error", { requestId: loadContext.requestId, error: rendered.error });
      return new Response(fill(rendered.bytes.toString("utf8"), loadContext), { headers: responseHeaders, status: 500 });
    }
    html = rendered.bytes.toString("utf8");
    renderedPages.set(key, html);
  }
  return new Response(fill(html, loadContext), { headers: responseHeaders, status: 200 });
}

function fill(html: string, { cspNonce, requestId }: AppLoadContext) {
  return html.replaceAll(NONCE_SLOT, cspNonce).replaceAll(REQUEST_ID_SLOT, requestId);
}

/**
 * The whole document as UTF-8 bytes, once every part has rendered; `error` is set when a part
 * failed after the shell (the page then says so where the part would be, and answers 500).
 */
function renderToHtml(element: ReactElement, nonce: string): Promise<{ bytes: Buffer; error?: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        resolve({ bytes: withoutNulBytes(Buffer.concat(chunks)), error });
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce,
      onAllReady() {
        pipe(sink);
      },
      onShellError: reject,
      onError(cause: unknown) {
        error = String(cause);
      },
    });
    setTimeout(abort, ABORT_DELAY).unref();
  });
}

/**
 * React 18.3's streaming renderer can flush unused bytes of its 2 KB buffer (NULs) when a
 * multi-byte character does not fit at the end (facebook/react #30453). Browsers turn them into
 * "�" inside attributes and textareas, which would corrupt Chinese text a form posts back.
 * 0x00 never occurs inside a UTF-8 multi-byte sequence, so dropping it is safe.
 */
function withoutNulBytes(bytes: Buffer): Buffer {
  let at = bytes.indexOf(0);
  if (at < 0) return bytes;
  const parts: Buffer[] = [];
  let start = 0;
  while (at >= 0) {
    if (at > start) parts.push(bytes.subarray(start, at));
    start = at + 1;
    at = bytes.indexOf(0, start);
  }
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}
