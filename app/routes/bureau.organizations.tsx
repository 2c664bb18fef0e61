import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { PageHeader } from "~/components/layout";
import { OrganizationReviewList } from "~/components/org-review";
import { reviewAction, reviewLoader } from "~/modules/orgs/review-route.server";
import { useT } from "~/utils/i18n";

export const loader = ({ request }: LoaderFunctionArgs) => reviewLoader(request);
export const action = ({ request }: ActionFunctionArgs) => reviewAction(request);

export default function BureauOrganizations() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("review.title")} />
      <OrganizationReviewList />
    </>
  );
}
