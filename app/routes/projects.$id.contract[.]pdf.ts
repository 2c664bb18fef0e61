import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/auth.server";
import { contractPdf } from "~/modules/contracts/contracts.server";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { db } from "~/utils/db.server";

/** The contract PDF for its parties (404 for anyone else); the header names the hash signers sign. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, db);
  const { pdf, filename, sha256 } = await contractPdf(db, user, params.id ?? "");
  return pdfResponse(pdf, filename, { headers: { "X-Content-SHA256": sha256, "Cache-Control": "private, no-store" } });
}
