import { Form, useActionData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/utils/i18n";

/**
 * A form of one button that posts `intent` (and `subjectId`, when one page has several such
 * buttons for different things) to the page's action. A plain POST, so it works without
 * JavaScript; with it, the button is disabled while its own submission is under way.
 */
export function IntentButton({
  intent,
  subjectId,
  variant = "primary",
  inline = false,
  children,
  "aria-label": ariaLabel,
}: {
  intent: string;
  subjectId?: string;
  variant?: "primary" | "secondary" | "danger";
  /** In a line of text (next to a file name), not on a line of its own. */
  inline?: boolean;
  children: ReactNode;
  "aria-label"?: string;
}) {
  const navigation = useNavigation();
  const busy =
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    (subjectId === undefined || navigation.formData.get("subjectId") === subjectId);
  return (
    <Form method="post" style={inline ? { display: "inline-block", marginLeft: ".5rem" } : undefined}>
      <input type="hidden" name="intent" value={intent} />
      {subjectId ? <input type="hidden" name="subjectId" value={subjectId} /> : null}
      <button type="submit" className={`button button-${variant}`} aria-label={ariaLabel} disabled={busy}>
        {children}
      </button>
    </Form>
  );
}

/**
 * The refusal of an IntentButton's command (runCommand with `onRoot`: the deadline passed, the
 * phase moved on), shown above the page: such a form has no field to carry the message.
 */
export function IntentRefusal({ intents }: { intents: readonly string[] }) {
  const t = useT();
  const data = useActionData<{ errors?: { root?: { message?: string } }; values?: { intent?: string } }>();
  const message = intents.includes(data?.values?.intent ?? "") ? data?.errors?.root?.message : undefined;
  return message ? (
    <p className="alert alert-error" role="alert">
      {t(message)}
    </p>
  ) : null;
}
