import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse } from "~/modules/documents/pdf.server";
import { donationReceiptPdf } from "~/modules/donations/receipt.server";
import { db } from "~/utils/db.server";

/** The donor's receipt (捐赠收据) for a paid donation, behind the token of its receipt link. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const token = params.token ?? "";
  const verifyUrl = `${process.env.PUBLIC_URL?.trim().replace(/\/+$/, "") || new URL(request.url).origin}/projects/${id}/donations/${token}`;
  const { pdf, filename } = await donationReceiptPdf(db, id, token, verifyUrl);
  return pdfResponse(pdf, filename, { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
}
