import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { NeedFields } from "~/components/needs";
import { requireRole } from "~/modules/auth/auth.server";
import { postNeedAction } from "~/modules/needs/post-need-route.server";
import { needSchema } from "~/modules/needs/needs-schema";
import { listCommunityGrids } from "~/modules/needs/needs.server";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { grant } = await requireRole(request, "community");
  const grids = grant.communityId ? await listCommunityGrids(db, grant.communityId) : [];
  return json({ communityName: grant.communityName ?? "", grids });
}

export const action = ({ request }: ActionFunctionArgs) => postNeedAction(request, "community");

export default function CommunityPostNeed() {
  const { communityName, grids } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={`${t("needs.new.title")} · ${communityName}`} intro={t("needs.new.intro")} />
      <ZodForm
        schema={needSchema}
        encType="multipart/form-data"
        defaultValues={{ urgency: "normal", channel: "visit", gridId: "" }}
        className="stack"
        aria-label={t("needs.new.title")}
      >
        <NeedFields grids={grids} />
      </ZodForm>
    </>
  );
}
