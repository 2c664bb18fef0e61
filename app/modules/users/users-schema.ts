import { z } from "zod";
import { msg } from "~/i18n";
import { passwordField, usernameField } from "~/modules/auth/auth-schema";
import { choice, optionalUuid, text } from "~/utils/form-fields";

export const ADMIN_ASSIGNABLE_ROLES = ["admin", "bureau", "community", "resident", "expert"] as const;

export const createUserSchema = z
  .object({
    username: usernameField,
    displayName: text(50),
    password: passwordField,
    role: choice(ADMIN_ASSIGNABLE_ROLES),
    bureauId: optionalUuid(),
    communityId: optionalUuid(),
  })
  .superRefine((value, ctx) => {
    if (value.role === "bureau" && !value.bureauId) ctx.addIssue({ code: "custom", path: ["bureauId"], message: msg("errors.scopeRequired") });
    if ((value.role === "community" || value.role === "resident") && !value.communityId)
      ctx.addIssue({ code: "custom", path: ["communityId"], message: msg("errors.scopeRequired") });
  });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordField });
