import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useActionData, useSubmit } from "@remix-run/react";
import { createContext, useContext, useEffect, useId, useState, type ReactNode } from "react";
import { useFieldArray, type FieldErrors, type FieldValues } from "react-hook-form";
import { createFormData, RemixFormProvider, useRemixForm, useRemixFormContext } from "remix-hook-form";
import type { z } from "zod";
import { useT } from "~/utils/i18n";

interface ActionResult {
  errors?: FieldErrors;
  values?: Record<string, unknown>;
}

interface FormMeta {
  /** Whether the page's last action answered this form (several forms may share a page). */
  mine: boolean;
  serverErrors: FieldErrors;
  values: Record<string, unknown>;
  idPrefix: string;
}

const FormMetaContext = createContext<FormMeta>({ mine: false, serverErrors: {}, values: {}, idPrefix: "f" });

/**
 * One form, one zod schema: react-hook-form checks it in the browser, the action checks the
 * same schema on the server, and without JavaScript the plain POST still works and the
 * server's field errors render in place.
 */
export function ZodForm<S extends z.ZodType<FieldValues, FieldValues>>({
  schema,
  defaultValues,
  intent,
  subjectId,
  action,
  encType,
  children,
  className,
  "aria-label": ariaLabel,
}: {
  schema: S;
  defaultValues?: Partial<z.input<S>> & Record<string, unknown>;
  intent?: string;
  /** Tells apart several forms with one intent on a page (one per table row). */
  subjectId?: string;
  action?: string;
  /** "multipart/form-data" for a form with a FileField; the default sends text only. */
  encType?: "application/x-www-form-urlencoded" | "multipart/form-data";
  children: ReactNode;
  className?: string;
  "aria-label"?: string;
}) {
  const actionData = useActionData<ActionResult>();
  const mine =
    actionData?.errors && (!intent || actionData.values?.intent === intent) && (!subjectId || actionData.values?.subjectId === subjectId);
  const serverErrors = mine ? (actionData!.errors as FieldErrors) : {};
  const values = mine ? (actionData!.values ?? {}) : {};
  const idPrefix = useId().replace(/:/g, "");
  const submit = useSubmit();
  const form = useRemixForm<FieldValues>({
    resolver: zodResolver(schema as never, undefined, { raw: true }) as never,
    defaultValues: asFormText({ ...defaultValues, ...values }) as FieldValues,
    stringifyAllValues: false,
    submitData: { ...(intent ? { intent } : {}), ...(subjectId ? { subjectId } : {}) },
    // An untouched radio group or select holds null, which would be posted as the text "null":
    // send only values the person gave, as a plain form would.
    submitHandlers: {
      onValid: (data) =>
        submit(createFormData(withoutEmpty({ ...data, ...(intent ? { intent } : {}), ...(subjectId ? { subjectId } : {}) }), false), {
          method: "post",
          action,
          ...(encType ? { encType } : {}),
        }),
    },
    submitConfig: { method: "post", action, ...(encType ? { encType } : {}) },
  });
  return (
    <FormMetaContext.Provider value={{ mine: Boolean(mine), serverErrors, values, idPrefix }}>
      <RemixFormProvider {...(form as unknown as Parameters<typeof RemixFormProvider>[0])}>
        <Form method="post" action={action} encType={encType} onSubmit={form.handleSubmit} noValidate className={className} aria-label={ariaLabel}>
          {intent ? <input type="hidden" name="intent" value={intent} /> : null}
          {subjectId ? <input type="hidden" name="subjectId" value={subjectId} /> : null}
          <ErrorSummary />
          {children}
        </Form>
      </RemixFormProvider>
    </FormMetaContext.Provider>
  );
}

function withoutEmpty(values: FieldValues): FieldValues {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
}

/** Inputs hold text: numbers (at any depth) become strings so the server-rendered form shows them. */
function asFormText(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(asFormText);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asFormText(v)]));
  return value;
}

/** The error of a field (client-side first, then the server's), as react-hook-form shapes it. */
export function useFieldErrorObject(name: string): { message?: string; root?: { message?: string } } & Record<string, unknown> | undefined {
  const { formState } = useRemixFormContext();
  const { mine, serverErrors } = useContext(FormMetaContext);
  type Entry = { message?: string; root?: { message?: string } } & Record<string, unknown>;
  const clientErrors = ownClientErrors(formState, mine) as Record<string, Entry | undefined>;
  return clientErrors[name] ?? (serverErrors as Record<string, Entry | undefined>)[name];
}

/**
 * remix-hook-form hands the page's last action errors to every form on the page; a form
 * shows them only when that action answered it, or when its own submit found errors.
 */
function ownClientErrors(formState: { errors: unknown; isSubmitted: boolean }, mine: boolean) {
  return mine || formState.isSubmitted ? (formState.errors as Record<string, unknown>) : {};
}

function ErrorSummary() {
  const t = useT();
  const { serverErrors } = useContext(FormMetaContext);
  const count = Object.keys(serverErrors).length;
  if (count === 0) return null;
  const root = (serverErrors as Record<string, { message?: string }>).root?.message;
  return (
    <div className="alert alert-error" role="alert">
      {root ? t(root) : t("common.formErrors", { count })}
    </div>
  );
}

function useField(name: string) {
  const t = useT();
  const { formState } = useRemixFormContext();
  const { mine, serverErrors, idPrefix } = useContext(FormMetaContext);
  const clientError = (ownClientErrors(formState, mine) as Record<string, { message?: string } | undefined>)[name]?.message;
  const serverError = (serverErrors as Record<string, { message?: string } | undefined>)[name]?.message;
  const error = clientError ?? serverError;
  const id = `${idPrefix}-${name}`;
  return { id, error: error ? t(String(error)) : undefined, errorId: `${id}-error`, helpId: `${id}-help` };
}

/**
 * The values a checkbox or radio group starts checked with, rendered as `checked` attributes
 * so that the form is right before (or without) JavaScript.
 */
function useInitialChoices(name: string): string[] {
  const { formState } = useRemixFormContext();
  const value = (formState.defaultValues as Record<string, unknown> | undefined)?.[name];
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null || value === "" ? [] : [String(value)];
}

/** register() for a checkbox, radio or file input, without the text default remix-hook-form adds. */
function choiceProps(register: ReturnType<typeof useRemixFormContext>["register"], name: string) {
  const { defaultValue: _value, defaultChecked: _checked, ...props } = register(name) as ReturnType<typeof register> & {
    defaultValue?: unknown;
    defaultChecked?: unknown;
  };
  return props;
}

function FieldShell({
  id,
  label,
  help,
  error,
  errorId,
  helpId,
  required,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  error?: string;
  errorId: string;
  helpId: string;
  required?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="muted"> {t("common.optional")}</span>}
      </label>
      {help ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(help: string | undefined, error: string | undefined, helpId: string, errorId: string) {
  return [help ? helpId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
}

export function TextField({
  name,
  label,
  help,
  type = "text",
  required = true,
  autoComplete,
  inputMode,
}: {
  name: string;
  label: string;
  help?: string;
  type?: "text" | "password" | "email" | "tel" | "date" | "datetime-local" | "number" | "search";
  required?: boolean;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "decimal" | "tel" | "email";
}) {
  const { register } = useRemixFormContext();
  const field = useField(name);
  return (
    <FieldShell {...field} label={label} help={help} required={required}>
      <input
        id={field.id}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(help, field.error, field.helpId, field.errorId)}
        aria-required={required || undefined}
        {...register(name)}
      />
    </FieldShell>
  );
}

export function TextArea({ name, label, help, required = true, rows = 4 }: { name: string; label: string; help?: string; required?: boolean; rows?: number }) {
  const { register } = useRemixFormContext();
  const field = useField(name);
  return (
    <FieldShell {...field} label={label} help={help} required={required}>
      <textarea
        id={field.id}
        rows={rows}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(help, field.error, field.helpId, field.errorId)}
        {...register(name)}
      />
    </FieldShell>
  );
}

export function SelectField({
  name,
  label,
  help,
  options,
  required = true,
  placeholder,
}: {
  name: string;
  label: string;
  help?: string;
  options: { value: string; label: string }[];
  required?: boolean;
  placeholder?: string;
}) {
  const { register } = useRemixFormContext();
  const field = useField(name);
  return (
    <FieldShell {...field} label={label} help={help} required={required}>
      <select
        id={field.id}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(help, field.error, field.helpId, field.errorId)}
        {...register(name)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Several checkboxes under one name, in a fieldset with a legend. */
export function CheckboxGroup({
  name,
  label,
  help,
  options,
  layout = "grid",
}: {
  name: string;
  label: string;
  help?: string;
  options: { value: string; label: string }[];
  /** "list" puts one long option per line. */
  layout?: "grid" | "list";
}) {
  const { register } = useRemixFormContext();
  const field = useField(name);
  const initial = useInitialChoices(name);
  return (
    <fieldset
      className={`field checkbox-group${field.error ? " field-invalid" : ""}`}
      aria-describedby={describedBy(help, field.error, field.helpId, field.errorId)}
    >
      <legend>{label}</legend>
      {help ? (
        <p className="help" id={field.helpId}>
          {help}
        </p>
      ) : null}
      <div className={layout === "list" ? "checkbox-list" : "checkbox-grid"}>
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="checkbox" value={o.value} defaultChecked={initial.includes(o.value)} {...choiceProps(register, name)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {field.error ? (
        <p className="field-error" id={field.errorId} role="alert">
          {field.error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function RadioGroup({ name, label, options }: { name: string; label: string; options: { value: string; label: string }[] }) {
  const { register } = useRemixFormContext();
  const field = useField(name);
  const initial = useInitialChoices(name);
  return (
    <fieldset className={`field radio-group${field.error ? " field-invalid" : ""}`} aria-describedby={field.error ? field.errorId : undefined}>
      <legend>{label}</legend>
      <div className="radio-row">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input type="radio" value={o.value} defaultChecked={initial.includes(o.value)} {...choiceProps(register, name)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {field.error ? (
        <p className="field-error" id={field.errorId} role="alert">
          {field.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * A file input (several files with `multiple`). The files go with the form only when the
 * ZodForm has encType="multipart/form-data"; the server checks them (size, type by content)
 * and reports a refused file on this field. Without JavaScript the chosen files are gone after
 * an error (a page cannot preselect files); with it they stay chosen.
 */
export function FileField({
  name,
  label,
  help,
  accept,
  multiple = false,
  required = false,
}: {
  name: string;
  label: string;
  help?: string;
  accept?: string;
  multiple?: boolean;
  required?: boolean;
}) {
  const { register } = useRemixFormContext();
  const field = useField(name);
  return (
    <FieldShell {...field} label={label} help={help} required={required}>
      <input
        id={field.id}
        type="file"
        accept={accept}
        multiple={multiple}
        aria-invalid={field.error ? true : undefined}
        aria-describedby={describedBy(help, field.error, field.helpId, field.errorId)}
        aria-required={required || undefined}
        {...choiceProps(register, name)}
      />
    </FieldShell>
  );
}

export function SubmitButton({ children, variant = "primary" }: { children: ReactNode; variant?: "primary" | "secondary" | "danger" }) {
  const { formState } = useRemixFormContext();
  return (
    <button type="submit" className={`button button-${variant}`} disabled={formState.isSubmitting}>
      {children}
    </button>
  );
}

/** One yes/no checkbox; posts "true" when ticked (and nothing when not). */
export function CheckboxField({ name, label }: { name: string; label: string }) {
  const { register, formState } = useRemixFormContext();
  const checked = Boolean((formState.defaultValues as Record<string, unknown> | undefined)?.[name]);
  const { defaultValue: _v, defaultChecked: _c, ...props } = register(name) as ReturnType<typeof register> & { defaultValue?: unknown; defaultChecked?: unknown };
  return (
    <label className="checkbox">
      <input type="checkbox" value="true" defaultChecked={checked} {...props} />
      <span>{label}</span>
    </label>
  );
}

export interface RowColumn {
  key: string;
  label: string;
  type?: "text" | "number" | "date";
}

/**
 * Editable rows (criteria, payment tranches, budget lines). With JavaScript rows are added
 * and removed in place; without it the page offers spare rows (the caller pads the
 * defaults) and the schema drops blank rows.
 */
export function RowsField({ name, label, help, columns }: { name: string; label: string; help?: string; columns: RowColumn[] }) {
  const t = useT();
  const { control, register } = useRemixFormContext();
  const { fields, append, remove } = useFieldArray({ control, name });
  const error = useFieldErrorObject(name);
  // Adding and removing rows needs JavaScript; without it the spare rows do the job.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const message = error?.message ?? error?.root?.message;
  return (
    <fieldset className={`field rows-field${message ? " field-invalid" : ""}`} aria-describedby={`${name}-help${message ? ` ${name}-error` : ""}`}>
      <legend>{label}</legend>
      {help ? (
        <p className="help" id={`${name}-help`}>
          {help}
        </p>
      ) : null}
      <table className="rows-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((row, index) => (
            <tr key={row.id}>
              {columns.map((c) => {
                const rowErrors = (error as unknown as Record<number, Record<string, { message?: string }>> | undefined)?.[index];
                const cellError = rowErrors?.[c.key]?.message;
                return (
                  <td key={c.key}>
                    <input
                      aria-label={`${c.label} ${index + 1}`}
                      type={c.type ?? "text"}
                      inputMode={c.type === "number" ? "decimal" : undefined}
                      aria-invalid={cellError ? true : undefined}
                      className={c.type === "number" ? "input-narrow" : undefined}
                      {...register(`${name}.${index}.${c.key}`)}
                    />
                    {cellError ? <span className="field-error">{t(cellError)}</span> : null}
                  </td>
                );
              })}
              <td>
                {hydrated ? (
                  <button type="button" className="link-button" onClick={() => remove(index)} aria-label={`${t("tenders.removeRow")} ${index + 1}`}>
                    ×
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hydrated ? (
        <button type="button" className="button button-secondary button-compact" onClick={() => append(Object.fromEntries(columns.map((c) => [c.key, ""])))}>
          {t("tenders.addRow")}
        </button>
      ) : null}
      {message ? (
        <p className="field-error" id={`${name}-error`} role="alert">
          {t(message)}
        </p>
      ) : null}
    </fieldset>
  );
}
