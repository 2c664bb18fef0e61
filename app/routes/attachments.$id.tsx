import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/utils/db.server";
import { getUser } from "~/modules/auth/auth.server";
import { contentDisposition, downloadFilename } from "~/modules/documents/file-types";
import { openAttachment } from "~/modules/documents/uploads.server";

/**
 * Downloads an uploaded file after the owner's read check (uploads.server.ts). Always as an
 * attachment with the type found in its content and nosniff: a file is never rendered as a
 * page of the portal.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const file = await openAttachment(db, user, params.id ?? "");
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.content.byteLength),
      "Content-Disposition": contentDisposition(downloadFilename(file.filename, file.contentType)),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // Evidence may hold personal data: no shared cache keeps it, no browser cache either.
      "Cache-Control": file.isPublic ? "public, max-age=3600" : "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
}
