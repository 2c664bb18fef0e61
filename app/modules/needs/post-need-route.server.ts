import { redirect } from "@remix-run/node";
import { db } from "#db/client";
import { requireRole } from "~/modules/auth/auth.server";
import { parseUpload } from "~/modules/documents/uploads.server";
import { fieldErrors, validateSubmission } from "~/utils/forms.server";
import { runCommand } from "~/utils/route-errors.server";
import { EVIDENCE_FIELD, needSchema, residentNeedSchema } from "./needs-schema";
import { postNeed } from "./needs.server";

/**
 * The action of the staff's and the residents' "post a need" pages: the same steps, each
 * posting as the role the page belongs to. Files and fields are checked together so that one
 * answer lists every problem; typed values come back, files do not.
 */
export async function postNeedAction(request: Request, as: "community" | "resident") {
  const { user } = await requireRole(request, as);
  const upload = await parseUpload(request, { field: EVIDENCE_FIELD });
  const { data, errors, values } = await validateSubmission(upload.fields, as === "community" ? needSchema : residentNeedSchema);
  if (errors || Object.keys(upload.errors).length > 0) return fieldErrors({ ...errors, ...upload.errors }, values);
  const result = await runCommand(values, () => postNeed(db, user, data, { as, evidence: upload.files }));
  return result.ok ? redirect(`/${as}?posted=1`) : result.response;
}
