import { describe, expect, it } from "vitest";
import { translator } from "~/i18n";
import { registrationSchema } from "~/modules/orgs/orgs-schema";
import { makeUscc } from "~/modules/orgs/uscc";
import { formDataToObject } from "~/utils/forms.server";
import { safeRedirect } from "~/utils/safe-redirect";

const valid = {
  kind: "agency",
  name: "郑州市测试社会工作服务中心",
  uscc: makeUscc("52410105MJ1234567"),
  registrationType: "private_non_enterprise",
  serviceCategories: ["elderly_care"],
  districtIds: ["6f1c2a9e-1b7c-4a53-9a0e-2f0b3c4d5e6f"],
  contactName: "王芳",
  contactPhone: "0371-65551234",
  username: "test.user",
  displayName: "王芳",
  password: "long-enough",
};

describe("registration schema (shared by form and action)", () => {
  it("accepts a complete registration and normalizes the USCC", () => {
    const result = registrationSchema.safeParse({ ...valid, uscc: ` ${valid.uscc.toLowerCase()} ` });
    expect(result.success).toBe(true);
    expect(result.data?.uscc).toBe(valid.uscc);
  });

  it("names the expected check character when the last one is wrong", () => {
    const wrong = valid.uscc.slice(0, 17) + (valid.uscc[17] === "0" ? "1" : "0");
    const result = registrationSchema.safeParse({ ...valid, uscc: wrong });
    const issue = result.error?.issues.find((i) => i.path[0] === "uscc");
    expect(translator("zh-CN")(issue!.message)).toBe(`校验位不正确：按 GB 32100-2015 计算，第 18 位应为“${valid.uscc[17]}”，请核对代码。`);
  });

  it("refuses a registration type that contradicts position 2 of a civil-affairs code", () => {
    const result = registrationSchema.safeParse({ ...valid, registrationType: "foundation" });
    const issue = result.error?.issues.find((i) => i.path[0] === "registrationType");
    expect(translator("en")(issue!.message)).toContain("Private non-enterprise unit");
  });

  it("asks for the award date when a grade is given", () => {
    const result = registrationSchema.safeParse({ ...valid, grade: "4A" });
    expect(result.error?.issues.map((i) => i.path[0])).toContain("gradeAwardedOn");
  });

  it("reads a checkbox group posted without JavaScript (one value or many)", () => {
    const one = new FormData();
    one.append("serviceCategories", "elderly_care");
    const many = new FormData();
    many.append("serviceCategories", "elderly_care");
    many.append("serviceCategories", "disability");
    const json = new FormData();
    json.append("serviceCategories", JSON.stringify(["disability"]));
    expect(registrationSchema.safeParse({ ...valid, ...formDataToObject(one) }).data?.serviceCategories).toEqual(["elderly_care"]);
    expect(registrationSchema.safeParse({ ...valid, ...formDataToObject(many) }).data?.serviceCategories).toEqual(["elderly_care", "disability"]);
    expect(registrationSchema.safeParse({ ...valid, ...formDataToObject(json) }).data?.serviceCategories).toEqual(["disability"]);
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths and refuses other sites", () => {
    expect(safeRedirect("/agency?x=1")).toBe("/agency?x=1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect(null, "/home")).toBe("/home");
  });
});

describe("formDataToObject", () => {
  it("builds rows from dotted names posted by a plain form", () => {
    const form = new FormData();
    form.append("criteria.0.name", "服务方案");
    form.append("criteria.0.maxPoints", "40");
    form.append("criteria.1.name", "团队");
    form.append("title", "[试点] 项目");
    expect(formDataToObject(form)).toEqual({
      criteria: [{ name: "服务方案", maxPoints: "40" }, { name: "团队" }],
      title: "[试点] 项目",
    });
  });
});

describe("formDataToObject against hostile field names and values", () => {
  it("never writes onto Object.prototype, whatever the dotted name", () => {
    const body = new FormData();
    body.append("x.__proto__.polluted", "yes");
    body.append("constructor.prototype.polluted", "yes");
    body.append("__proto__", "yes");
    const out = formDataToObject(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(out)).toEqual([]);
  });

  it("drops NUL characters, also inside rows sent as JSON", () => {
    const body = new FormData();
    body.append("title", "养老\u0000服务");
    body.append("rows", JSON.stringify([{ name: "a\u0000b", amount: "1" }]));
    expect(formDataToObject(body)).toEqual({ title: "养老服务", rows: [{ name: "ab", amount: "1" }] });
  });

  it("ignores absurd row indexes instead of building a huge array", () => {
    const body = new FormData();
    body.append("criteria.0.name", "服务方案");
    body.append("criteria.99999999.name", "x");
    const out = formDataToObject(body) as { criteria: unknown[] };
    expect(out.criteria).toHaveLength(1);
  });
});
