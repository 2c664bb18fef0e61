import type { MessageKey, Vars } from "~/i18n";

/**
 * A refusal the user caused and can fix: a rule of the domain, a taken name, a stale state.
 * Commands throw it; routes turn it into a 400 with the message on the named field
 * (or above the form when no field is named).
 */
export class UserError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly options: { field?: string; vars?: Vars; status?: number } = {},
  ) {
    super(messageKey);
    this.name = "UserError";
  }

  /** The message as a field-error string: key plus variables, translated by the form. */
  get fieldMessage() {
    return this.options.vars ? `${this.messageKey}|${JSON.stringify(this.options.vars)}` : this.messageKey;
  }
}
