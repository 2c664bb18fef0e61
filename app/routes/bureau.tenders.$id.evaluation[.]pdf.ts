import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/auth.server";
import { evaluationReportPdf } from "~/modules/bid-evaluation/evaluation-report.server";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { db } from "~/utils/db.server";

/** The evaluation report: for the tender's bureau and its committee members (404 for anyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { pdf, filename } = await evaluationReportPdf(db, user, params.id ?? "");
  return pdfResponse(pdf, filename, { headers: { "Cache-Control": "private, no-store" } });
}
