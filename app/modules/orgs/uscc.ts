/**
 * Unified social credit code (统一社会信用代码, USCC), GB 32100-2015.
 *
 * Pure module: used by the organization registration form (client and server), by verification,
 * and by the demo seed, so it must not depend on the database or on server-only code.
 */

// I, O, S, V and Z are left out by the standard because they are easily confused with 1, 0, 5, U and 2.
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

export const USCC_LENGTH = 18;

// W[i] = 3^i mod 31. Spelled out (rather than computed) so that a reader can compare it with the
// table in the standard at a glance.
export const USCC_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const EXCLUDED_LETTERS = "IOSVZ";

export type UsccErrorReason = "length" | "forbiddenCharacter" | "checkCharacter";

export class UsccError extends Error {
  readonly reason: UsccErrorReason;
  /** 1-based position of the offending character, when there is one. */
  readonly position?: number;

  constructor(reason: UsccErrorReason, message: string, position?: number) {
    super(message);
    this.name = "UsccError";
    this.reason = reason;
    this.position = position;
  }
}

// Only civil-affairs registrations matter to the portal (they are the organizations that bid);
// every other registering authority (market regulation, staffing offices, ...) is "other".
export type UsccAuthorityName = "civilAffairs" | "other";

export type UsccOrganizationType =
  | "social_group"
  | "private_non_enterprise"
  | "foundation"
  | "other";

export interface ParsedUscc {
  /** The normalized code (trimmed, upper case, half-width). */
  code: string;
  /** Position 1: registering authority code. */
  authority: string;
  authorityName: UsccAuthorityName;
  /** Position 2: organization type code, meaningful only together with the authority. */
  typeCode: string;
  organizationType: UsccOrganizationType;
  /** Positions 3-8: administrative division code (行政区划代码) of the registering authority. */
  divisionCode: string;
  /** Positions 9-17: organization code (组织机构代码, GB 11714). */
  organizationCode: string;
  /** Position 18. */
  checkCharacter: string;
}

const CIVIL_AFFAIRS = "5";

// Type codes under the civil-affairs authority (GB 32100-2015 appendix A).
const CIVIL_AFFAIRS_TYPES: Readonly<Record<string, UsccOrganizationType>> = {
  "1": "social_group", // 社会团体
  "2": "private_non_enterprise", // 民办非企业单位 (社会服务机构)
  "3": "foundation", // 基金会
};

/**
 * Codes are copied from certificates and pasted from PDFs or typed with a Chinese IME, so accept
 * surrounding whitespace, lower case and full-width characters (ＡＢＣ１２３) rather than making
 * the user find an invisible difference. NFKC folds full-width forms to ASCII.
 */
export function normalizeUscc(code: string): string {
  return code.normalize("NFKC").trim().toUpperCase();
}

function describeCharacter(ch: string): string {
  const point = ch.codePointAt(0) ?? 0;
  // Spaces and control characters are invisible in a message; name them by code point instead.
  if (point <= 0x20 || (point >= 0x7f && point <= 0xa0) || /\s/u.test(ch)) {
    return `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return `"${ch}"`;
}

/**
 * Checks length and alphabet of an already normalized string of `expectedLength` characters.
 * Counts code points, not UTF-16 units, so that a pasted emoji or CJK extension character is
 * reported as one wrong character at the position the user sees.
 */
function assertShape(chars: string[], expectedLength: number, what: string): void {
  if (chars.length === 0) {
    throw new UsccError("length", `${what} is empty: it must have ${expectedLength} characters.`);
  }
  if (chars.length !== expectedLength) {
    throw new UsccError(
      "length",
      `${what} must have ${expectedLength} characters, but has ${chars.length}.`,
    );
  }
  chars.forEach((ch, index) => {
    if (USCC_ALPHABET.includes(ch)) return;
    const position = index + 1;
    if (EXCLUDED_LETTERS.includes(ch)) {
      throw new UsccError(
        "forbiddenCharacter",
        `The letter ${ch} at position ${position} is never used in a unified social credit code ` +
          `(I, O, S, V and Z are excluded); check whether it should be a digit.`,
        position,
      );
    }
    throw new UsccError(
      "forbiddenCharacter",
      `The character ${describeCharacter(ch)} at position ${position} is not allowed in a unified ` +
        `social credit code (only digits and the letters ${USCC_ALPHABET.slice(10)}).`,
      position,
    );
  });
}

function checkCharacterOf(first17: string[]): string {
  let sum = 0;
  first17.forEach((ch, i) => {
    sum += USCC_ALPHABET.indexOf(ch) * USCC_WEIGHTS[i];
  });
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * Check character (position 18) for the first 17 characters. Throws UsccError when the input is
 * not 17 characters of the USCC alphabet, since a check character for garbage would look valid.
 */
export function computeUsccCheckCharacter(first17: string): string {
  const chars = Array.from(normalizeUscc(first17));
  assertShape(chars, USCC_LENGTH - 1, "The first part of a unified social credit code");
  return checkCharacterOf(chars);
}

/** Appends the check character; the demo seed uses it to invent codes that pass validation. */
export function makeUscc(first17: string): string {
  return normalizeUscc(first17) + computeUsccCheckCharacter(first17);
}

/** Decodes a USCC; throws UsccError saying what is wrong when the code is not valid. */
export function parseUscc(code: string): ParsedUscc {
  const normalized = normalizeUscc(code);
  const chars = Array.from(normalized);
  assertShape(chars, USCC_LENGTH, "A unified social credit code");

  const expected = checkCharacterOf(chars.slice(0, USCC_LENGTH - 1));
  const actual = chars[USCC_LENGTH - 1];
  if (actual !== expected) {
    throw new UsccError(
      "checkCharacter",
      `The check character (position 18) is ${actual} but the first 17 characters require ` +
        `${expected}; one of the characters was probably mistyped.`,
      USCC_LENGTH,
    );
  }

  const authority = normalized.charAt(0);
  const typeCode = normalized.charAt(1);
  const isCivilAffairs = authority === CIVIL_AFFAIRS;
  return {
    code: normalized,
    authority,
    authorityName: isCivilAffairs ? "civilAffairs" : "other",
    typeCode,
    // The type digit means different things under different authorities (under market
    // regulation 1 is an enterprise), so it is decoded only for civil-affairs registrations.
    organizationType: (isCivilAffairs && CIVIL_AFFAIRS_TYPES[typeCode]) || "other",
    divisionCode: normalized.slice(2, 8),
    organizationCode: normalized.slice(8, 17),
    checkCharacter: actual,
  };
}

export function isValidUscc(code: string): boolean {
  try {
    parseUscc(code);
    return true;
  } catch (error) {
    if (error instanceof UsccError) return false;
    throw error;
  }
}
