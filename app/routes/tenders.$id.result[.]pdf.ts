import type { LoaderFunctionArgs } from "@remix-run/node";
import { resultNoticePdf } from "~/modules/awards/award-notices.server";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { db } from "~/utils/db.server";

/** The result notice (中标/成交结果公告): public while an award stands. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { pdf, filename } = await resultNoticePdf(db, params.id ?? "");
  return pdfResponse(pdf, filename);
}
