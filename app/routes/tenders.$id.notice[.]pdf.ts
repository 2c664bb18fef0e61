import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { tenderNoticePdf } from "~/modules/tenders/tender-notice.server";
import { db } from "~/utils/db.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const { pdf, filename } = await tenderNoticePdf(db, params.id ?? "");
  return pdfResponse(pdf, filename);
}
