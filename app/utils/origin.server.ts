const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a state-changing request carries an Origin that is neither this host nor an
 * allowed origin. Browsers send Origin on every cross-site POST; a request without one
 * (curl, same-origin navigations in old browsers) is not a cross-site browser request.
 */
export function isForeignOrigin(input: { method: string; origin?: string; host?: string; allowed?: string }): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return false;
  if (!input.origin) return false;
  if (input.origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(input.origin).host;
  } catch {
    return true;
  }
  if (input.host && originHost === input.host) return false;
  const allowed = (input.allowed ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return !allowed.includes(input.origin);
}
