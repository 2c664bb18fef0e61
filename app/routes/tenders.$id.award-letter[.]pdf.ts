import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/modules/auth/auth.server";
import { awardLetterPdf } from "~/modules/awards/award-notices.server";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { db } from "~/utils/db.server";

/** The award letter (中标/成交通知书): the tender's bureau and the winner only; 404 for anyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { pdf, filename } = await awardLetterPdf(db, user, params.id ?? "", new URL(request.url).searchParams.get("award"));
  // A letter addressed to one organization: no shared cache may keep it.
  return pdfResponse(pdf, filename, { headers: { "Cache-Control": "private, no-store" } });
}
