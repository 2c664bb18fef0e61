import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ZodForm } from "~/components/form";
import { PageHeader } from "~/components/layout";
import { NeedFields } from "~/components/needs";
import { requireRole } from "~/modules/auth/auth.server";
import { postNeedAction } from "~/modules/needs/post-need-route.server";
import { residentNeedSchema } from "~/modules/needs/needs-schema";
import { useT } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { grant } = await requireRole(request, "resident");
  return json({ communityName: grant.communityName ?? "" });
}

export const action = ({ request }: ActionFunctionArgs) => postNeedAction(request, "resident");

export default function ResidentPostNeed() {
  const { communityName } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <PageHeader title={`${t("needs.new.title")} · ${communityName}`} intro={t("needs.new.residentIntro")} />
      <ZodForm
        schema={residentNeedSchema}
        encType="multipart/form-data"
        defaultValues={{ urgency: "normal" }}
        className="stack"
        aria-label={t("needs.new.title")}
      >
        <NeedFields />
      </ZodForm>
    </>
  );
}
