import type { LoaderFunctionArgs } from "@remix-run/node";
import { openingRecordPdf } from "~/modules/bids/opening-record.server";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { db } from "~/utils/db.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const { pdf, filename } = await openingRecordPdf(db, params.id ?? "");
  return pdfResponse(pdf, filename);
}
