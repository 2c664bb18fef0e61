import { parseLocaleCookie, translator } from "~/i18n";

export function getLocale(request: Request) {
  return parseLocaleCookie(request.headers.get("Cookie"));
}

export function getT(request: Request) {
  return translator(getLocale(request));
}
