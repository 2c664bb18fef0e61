import type { LoaderFunctionArgs } from "@remix-run/node";
import { ocdsContext, ocdsResponse, tenderRecordPackage } from "~/modules/ocds/ocds.server";
import { db } from "~/utils/db.server";

/** GET /api/ocds/tenders/:id/record: one tender's record with its compiled release. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return ocdsResponse(await tenderRecordPackage(db, ocdsContext(request), params.id ?? ""));
}
