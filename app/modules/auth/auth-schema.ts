import { z } from "zod";
import { msg } from "~/i18n";

export const loginSchema = z.object({
  username: z.string().trim().min(1, msg("errors.required")).max(64, msg("errors.tooLong", { max: 64 })),
  password: z.string().min(1, msg("errors.required")).max(200, msg("errors.tooLong", { max: 200 })),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;
export const usernameField = z.string().trim().regex(USERNAME_PATTERN, msg("errors.username"));
export const passwordField = z.string().min(8, msg("errors.password")).max(200, msg("errors.tooLong", { max: 200 }));
