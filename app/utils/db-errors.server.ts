import { UserError } from "./errors";

/** The constraint a unique violation (23505) names, looking through drizzle's wrapping. */
export function violatedUniqueConstraint(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth += 1) {
    const e = current as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
    if (e.code === "23505") return e.constraint_name ?? e.constraint ?? "";
    current = e.cause;
  }
  return null;
}

/**
 * Runs a command whose own "is it taken?" check can lose a race against a concurrent
 * request: the unique index then decides, and its violation becomes the same field message.
 */
export async function withUniqueMessages<T>(command: () => Promise<T>, messages: Record<string, UserError>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    const constraint = violatedUniqueConstraint(error);
    if (constraint !== null && messages[constraint]) throw messages[constraint];
    throw error;
  }
}

export const USERNAME_TAKEN = { users_username_lower_idx: new UserError("errors.usernameTaken", { field: "username" }) };
