import { en, zhCN, type MessageKey } from "./messages";

export type { MessageKey };
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "lang";

const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey | string, vars?: Vars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

/**
 * Field errors carry a message key, optionally with variables as `key|{"max":20}`,
 * so one zod schema serves both languages on client and server.
 */
export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (rawKey, vars) => {
    let key = rawKey;
    let allVars = vars;
    const bar = rawKey.indexOf("|");
    if (bar > 0) {
      key = rawKey.slice(0, bar);
      try {
        allVars = { ...JSON.parse(rawKey.slice(bar + 1)), ...vars };
      } catch {
        allVars = vars;
      }
    }
    const template = isMessageKey(key) ? dictionary[key] : key;
    if (!allVars) return template;
    // A variable that is itself a message key is shown translated (e.g. a decoded type name).
    return template.replace(/\{(\w+)\}/g, (match, name: string) => {
      if (!(name in allVars!)) return match;
      const value = String(allVars![name]);
      return isMessageKey(value) ? dictionary[value] : value;
    });
  };
}

/** A message key with variables, for zod messages: msg("errors.tooLong", { max: 20 }). */
export function msg(key: MessageKey, vars?: Vars): string {
  return vars ? `${key}|${JSON.stringify(vars)}` : key;
}

export function parseLocaleCookie(cookieHeader: string | null): Locale {
  if (!cookieHeader) return DEFAULT_LOCALE;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === LOCALE_COOKIE) {
      // Both locales are plain ASCII: a value that needs decoding, or cannot be decoded, is
      // simply not one of them (a forged "%E0%A4%A" must not turn every page into a 500).
      const value = rest.join("=");
      if (isLocale(value)) return value;
    }
  }
  return DEFAULT_LOCALE;
}
