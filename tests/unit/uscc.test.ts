import { describe, it, expect } from "vitest";
import {
  USCC_ALPHABET,
  USCC_WEIGHTS,
  UsccError,
  computeUsccCheckCharacter,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  parseUscc,
} from "~/modules/orgs/uscc";

function errorOf(fn: () => unknown): UsccError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UsccError) return error;
    throw error;
  }
  throw new Error("expected a UsccError");
}

describe("USCC alphabet and weights", () => {
  it("has 31 characters without I, O, S, V, Z", () => {
    expect(USCC_ALPHABET).toHaveLength(31);
    for (const letter of "IOSVZ") expect(USCC_ALPHABET).not.toContain(letter);
  });

  it("uses W[i] = 3^i mod 31", () => {
    const expected = Array.from({ length: 17 }, (_, i) => {
      let w = 1;
      for (let k = 0; k < i; k += 1) w = (w * 3) % 31;
      return w;
    });
    expect(USCC_WEIGHTS).toEqual(expected);
  });
});

describe("computeUsccCheckCharacter", () => {
  it("computes the check character of the commonly cited enterprise code 91350100M000100Y43", () => {
    // values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4
    // sum = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640 = 52*31 + 28
    // check = alphabet[(31 - 28) mod 31] = alphabet[3] = "3"
    expect(computeUsccCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it("computes the check character of an invented civil-affairs code", () => {
    // values 5,1,4,1,0,1,0,5,M=21,J=18,0,0,0,0,0,0,1
    // sum = 5+3+36+27+0+26+0+85+420+522+0+0+0+0+0+0+28 = 1152 = 37*31 + 5
    // check = alphabet[31 - 5] = alphabet[26] = "T"
    expect(computeUsccCheckCharacter("51410105MJ0000001")).toBe("T");
  });

  it("maps a remainder of 0 to '0' (not to alphabet[31])", () => {
    expect(computeUsccCheckCharacter("52410103MJ0000022")).toBe("0");
  });

  it("maps a remainder of 1 to the last letter Y", () => {
    expect(computeUsccCheckCharacter("52410103MJ0000012")).toBe("Y");
  });

  it("rejects input that is not 17 characters", () => {
    expect(errorOf(() => computeUsccCheckCharacter("51410105MJ000000")).reason).toBe("length");
  });

  it("makeUscc appends the check character to normalized input", () => {
    expect(makeUscc("51410105MJ0000001")).toBe("51410105MJ0000001T");
    expect(makeUscc(" 52410102mj1234567 ")).toBe("52410102MJ12345671");
    expect(isValidUscc(makeUscc("53410100MJ7654321"))).toBe(true);
  });
});

describe("parseUscc: valid codes", () => {
  it("decodes a civil-affairs social group (社会团体)", () => {
    expect(parseUscc("51410105MJ0000001T")).toEqual({
      code: "51410105MJ0000001T",
      authority: "5",
      authorityName: "civilAffairs",
      typeCode: "1",
      organizationType: "social_group",
      divisionCode: "410105",
      organizationCode: "MJ0000001",
      checkCharacter: "T",
    });
  });

  it("decodes a civil-affairs private non-enterprise unit (民办非企业单位)", () => {
    // sum = 1673 = 53*31 + 30, check = alphabet[1] = "1"
    const parsed = parseUscc("52410102MJ12345671");
    expect(parsed.organizationType).toBe("private_non_enterprise");
    expect(parsed.authorityName).toBe("civilAffairs");
    expect(parsed.divisionCode).toBe("410102");
    expect(parsed.organizationCode).toBe("MJ1234567");
  });

  it("decodes a civil-affairs foundation (基金会)", () => {
    // sum = 1552 = 50*31 + 2, check = alphabet[29] = "X"
    const parsed = parseUscc("53410100MJ7654321X");
    expect(parsed.organizationType).toBe("foundation");
    expect(parsed.divisionCode).toBe("410100");
    expect(parsed.checkCharacter).toBe("X");
  });

  it("decodes another civil-affairs type code as 'other'", () => {
    // sum = 1315 = 42*31 + 13, check = alphabet[18] = "J"
    const parsed = parseUscc("59410100MJ0000009J");
    expect(parsed.authorityName).toBe("civilAffairs");
    expect(parsed.typeCode).toBe("9");
    expect(parsed.organizationType).toBe("other");
  });

  it("decodes a market-regulation enterprise as other authority and other type", () => {
    // Type code 1 under authority 9 means enterprise, not social group.
    const parsed = parseUscc("91350100M000100Y43");
    expect(parsed.authority).toBe("9");
    expect(parsed.authorityName).toBe("other");
    expect(parsed.typeCode).toBe("1");
    expect(parsed.organizationType).toBe("other");
    expect(parsed.divisionCode).toBe("350100");
    expect(parsed.organizationCode).toBe("M000100Y4");
  });

  it("accepts lower case, surrounding whitespace and full-width characters", () => {
    expect(parseUscc("  51410105mj0000001t\n").code).toBe("51410105MJ0000001T");
    expect(isValidUscc("９１３５０１００Ｍ０００１００Ｙ４３")).toBe(true);
    expect(normalizeUscc(" 91350100m000100y43 ")).toBe("91350100M000100Y43");
  });
});

describe("parseUscc: invalid codes", () => {
  it("names the expected check character when it is wrong", () => {
    const error = errorOf(() => parseUscc("51410105MJ0000001U"));
    expect(error.reason).toBe("checkCharacter");
    expect(error.message).toContain("U");
    expect(error.message).toMatch(/require\w* T\b/);
    expect(isValidUscc("91350100M000100Y44")).toBe(false);
  });

  it("detects a single mistyped character as a wrong check character", () => {
    // 41 instead of 14 in the division code: the weighted sum changes, so the check fails.
    const error = errorOf(() => parseUscc("51140105MJ0000001T"));
    expect(error.reason).toBe("checkCharacter");
  });

  it.each([
    ["I", "51410105MJ000000IT", 17],
    ["O", "5141O105MJ0000001T", 5],
    ["S", "S1410105MJ0000001T", 1],
    ["V", "51410105VJ0000001T", 9],
    ["Z", "51410105MJ0000001Z", 18],
  ])("names the forbidden letter %s and its position", (letter, code, position) => {
    const error = errorOf(() => parseUscc(code));
    expect(error.reason).toBe("forbiddenCharacter");
    expect(error.position).toBe(position);
    expect(error.message).toContain(`letter ${letter} at position ${position}`);
    expect(isValidUscc(code)).toBe(false);
  });

  it("reports a forbidden lower-case letter in upper case", () => {
    const error = errorOf(() => parseUscc("51410105mj00000o1t"));
    expect(error.message).toContain("letter O at position 16");
  });

  it("rejects other characters with their position", () => {
    const error = errorOf(() => parseUscc("51410105-J0000001T"));
    expect(error.reason).toBe("forbiddenCharacter");
    expect(error.message).toContain('"-" at position 9');
    const space = errorOf(() => parseUscc("51410105 J0000001T"));
    expect(space.message).toContain("U+0020 at position 9");
  });

  it.each([
    ["too short", "51410105MJ0000001", 17],
    ["too long", "51410105MJ0000001T0", 19],
  ])("rejects a code that is %s", (_label, code, length) => {
    const error = errorOf(() => parseUscc(code));
    expect(error.reason).toBe("length");
    expect(error.message).toContain("18 characters");
    expect(error.message).toContain(`has ${length}`);
  });

  it("rejects an empty or blank code", () => {
    expect(errorOf(() => parseUscc("")).reason).toBe("length");
    expect(errorOf(() => parseUscc("   ")).message).toContain("empty");
    expect(isValidUscc("")).toBe(false);
  });

  it("is an Error with a stable name", () => {
    const error = errorOf(() => parseUscc("x"));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("UsccError");
  });
});
