import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { PageHeader } from "~/components/layout";
import { OrganizationReviewList } from "~/components/org-review";
import { requirePermission } from "~/modules/auth/auth.server";
import { reviewAction, reviewLoader } from "~/modules/orgs/review-route.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "organizations.credit");
  return reviewLoader(request);
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "organizations.credit");
  return reviewAction(request);
}

export default function AdminOrganizations() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("admin.orgs.title")} />
      <OrganizationReviewList />
    </>
  );
}
