import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/auth.server";
import { readBidAttachment } from "~/modules/bids/bids.server";
import { contentDisposition, downloadFilename } from "~/modules/documents/file-types";
import { db } from "~/utils/db.server";

/**
 * Downloads a bid's file: its bidder's members at any time, the bureau and the committee after
 * opening (each such read audited by readBidAttachment); a 404 for anyone else. Like every
 * upload: as an attachment, with the type found in its content, never cached.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await readBidAttachment(db, user, params.id ?? "", params.attachmentId ?? "");
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.content.byteLength),
      "Content-Disposition": contentDisposition(downloadFilename(file.filename, file.contentType)),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
