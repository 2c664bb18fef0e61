import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { outcomeReportPdf } from "~/modules/outcomes/outcome-report.server";
import { db } from "~/utils/db.server";

/** The outcome evaluation report (绩效评估报告): public once the evaluation is graded, 404 before. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { pdf, filename } = await outcomeReportPdf(db, params.id ?? "");
  return pdfResponse(pdf, filename);
}
