/**
 * Only same-site paths: a redirectTo parameter must never send a user to another site. Browsers
 * drop tabs and newlines from a URL ("/\t/evil.example" is "//evil.example") and a header cannot
 * hold them, so a path with a control character is refused too; other characters outside ASCII
 * (a Chinese search) are percent-encoded, as a Location header holds bytes, not text.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  try {
    return to.replace(/[^\x21-\x7e]+/g, (text) => encodeURI(text));
  } catch {
    // A lone surrogate cannot be encoded: no path anyone typed.
    return fallback;
  }
}
