import { Form } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * The filter form above a list: a GET form, so that a filtered list has an address of its own
 * and works without JavaScript. Its fields are plain inputs read back from the address, not a
 * ZodForm: a filter is never refused, nonsense in it is ignored by the loader.
 */
export function FilterForm({
  submitLabel,
  children,
  after,
  role,
  "aria-label": ariaLabel,
}: {
  submitLabel: string;
  children: ReactNode;
  /** Links placed after the submit button (clear the filter, other years). */
  after?: ReactNode;
  role?: "search";
  "aria-label"?: string;
}) {
  return (
    <Form method="get" className="filters" role={role} aria-label={ariaLabel}>
      {children}
      <button type="submit" className="button button-secondary">
        {submitLabel}
      </button>
      {after}
    </Form>
  );
}

/** A labelled select whose first option, the empty value, means no filter ("all"). */
export function FilterSelect({
  id,
  name,
  label,
  allLabel,
  defaultValue,
  options,
}: {
  id: string;
  name: string;
  label: string;
  allLabel: string;
  defaultValue: string | null | undefined;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue ?? ""}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled input of a filter: text or search, or a number with its bounds. */
export function FilterInput({
  id,
  name,
  label,
  defaultValue,
  ...input
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string | number | null | undefined;
} & Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "min" | "max" | "inputMode">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...input} defaultValue={defaultValue ?? ""} />
    </div>
  );
}
