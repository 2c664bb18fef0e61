import { UserError } from "./errors";
import { fieldError } from "./forms.server";

/**
 * Runs a command; a UserError becomes a 400 with its message on the field it names
 * (or above the form). Anything else is ours and propagates to the 500 boundary.
 */
export async function runCommand<T>(
  values: Record<string, unknown>,
  command: () => Promise<T>,
  options: { onRoot?: boolean } = {},
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await command() };
  } catch (error) {
    if (error instanceof UserError) {
      if (error.options.status === 403) throw new Response("Forbidden", { status: 403 });
      // A button with no fields of its own (publish, open bids) shows any refusal above the page.
      const field = options.onRoot ? "root" : (error.options.field ?? "root");
      return { ok: false, response: fieldError(field, error.fieldMessage, values) };
    }
    throw error;
  }
}
