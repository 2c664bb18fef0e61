/**
 * Rendered PDFs kept in memory per app process, keyed by a hash of the data they were rendered
 * from: the same notice is laid out once, not once per download (pdfkit with a CJK font costs
 * ~200 ms of CPU per document), and any change to the data makes a new key, so a stale PDF is
 * never served. Concurrent requests for one key share a single render. Each process has its
 * own cache; nothing here is state another process needs.
 */
import crypto from "node:crypto";
import { LRUCache } from "lru-cache";

const MAX_BYTES = 64 * 1024 * 1024;

const cache = new LRUCache<string, Buffer, () => Promise<Buffer>>({
  maxSize: MAX_BYTES,
  sizeCalculation: (pdf) => Math.max(1, pdf.byteLength),
  fetchMethod: (_key, _stale, { context: render }) => render(),
});

/** The PDF for `data`, rendered by `render` only if no identical data was rendered before. */
export async function cachedPdf(kind: string, data: unknown, render: () => Promise<Buffer>): Promise<Buffer> {
  const key = `${kind}:${crypto.createHash("sha256").update(JSON.stringify(data)).digest("hex")}`;
  const pdf = await cache.fetch(key, { context: render });
  if (!pdf) throw new Error(`PDF render for ${kind} produced nothing`);
  return pdf;
}
