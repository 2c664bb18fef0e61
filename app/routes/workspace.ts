import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/modules/auth/auth.server";
import { workspacePath } from "~/modules/auth/permissions";

/** Where "my workspace" leads: the first workspace of the roles the user holds. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const path = workspacePath(user);
  if (!path) throw new Response("Forbidden", { status: 403 });
  return redirect(path);
}
