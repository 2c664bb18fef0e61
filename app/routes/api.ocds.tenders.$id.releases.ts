import type { LoaderFunctionArgs } from "@remix-run/node";
import { ocdsContext, ocdsResponse, tenderReleasePackage } from "~/modules/ocds/ocds.server";
import { db } from "~/utils/db.server";

/** GET /api/ocds/tenders/:id/releases: one tender's releases as a release package. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return ocdsResponse(await tenderReleasePackage(db, ocdsContext(request), params.id ?? ""));
}
