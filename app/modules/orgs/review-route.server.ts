import { json, redirect } from "@remix-run/node";
import { db } from "#db/client";
import { requirePermission } from "~/modules/auth/auth.server";
import { hasRole } from "~/modules/auth/permissions";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { runCommand } from "~/utils/route-errors.server";
import { creditSchema, reviewSchema } from "./orgs-schema";
import { listOrganizationsForReview, reviewOrganization, setCreditStatus } from "./orgs.server";

const STATUSES = ["pending", "verified", "rejected"] as const;

/**
 * Loader and action shared by the admin's and the bureau's review pages: the same rules,
 * scoped by the reviewer inside the module's queries.
 */
export async function reviewLoader(request: Request) {
  const user = await requirePermission(request, "organizations.review");
  const statusParam = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === statusParam);
  const organizations = await listOrganizationsForReview(db, user, { status });
  return json({ organizations, status: status ?? "", canSetCredit: hasRole(user, "admin") });
}

export async function reviewAction(request: Request) {
  const user = await requirePermission(request, "organizations.review");
  const formData = await readFormData(request);
  const organizationId = String(formData.get("subjectId") ?? "");
  const back = new URL(request.url);
  if (formData.get("intent") === "credit") {
    const { data, errors, values } = await validateSubmission(formData, creditSchema);
    if (errors) return fieldErrors(errors, values);
    const result = await runCommand(values, () => setCreditStatus(db, user, organizationId, data));
    return result.ok ? redirect(back.pathname + back.search) : result.response;
  }
  const { data, errors, values } = await validateSubmission(formData, reviewSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => reviewOrganization(db, user, organizationId, data));
  return result.ok ? redirect(back.pathname + back.search) : result.response;
}
