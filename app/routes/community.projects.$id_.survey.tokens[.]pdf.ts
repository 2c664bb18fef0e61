import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/auth.server";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { tokenBatch } from "~/modules/surveys/surveys.server";
import { renderTokenSheet } from "~/modules/surveys/token-sheet.server";
import { db } from "~/utils/db.server";

/**
 * One printed batch of survey tokens (the community's own), as cards with QR codes. The links
 * point at the address the sheet was downloaded from, which is the one residents can reach.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "community");
  const url = new URL(request.url);
  const batch = await tokenBatch(db, user, params.id ?? "", url.searchParams.get("batch") ?? "");
  const pdf = await renderTokenSheet({ projectTitle: batch.contract.title, communityName: batch.communityName, origin: url.origin, tokens: batch.tokens, issuedAt: batch.issuedAt });
  // The codes are answer keys: never kept by a shared cache.
  return pdfResponse(pdf, `满意度调查凭证-${batch.communityName}.pdf`, { headers: { "Cache-Control": "private, no-store" } });
}
