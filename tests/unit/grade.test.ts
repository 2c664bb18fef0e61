import { describe, expect, it } from "vitest";
import { gradeExpiry, gradeStatus } from "~/modules/orgs/grade";

describe("evaluation grade validity (5 years, 民政部令第39号)", () => {
  it("expires five years after the award date", () => {
    expect(gradeExpiry("2022-06-15")).toBe("2027-06-15");
  });

  it("moves a 29 February award to 28 February", () => {
    expect(gradeExpiry("2024-02-29")).toBe("2029-02-28");
  });

  it("is valid the day before expiry and expired from the expiry date", () => {
    expect(gradeStatus("4A", "2021-11-21", "2026-11-20")?.expired).toBe(false);
    expect(gradeStatus("4A", "2021-11-21", "2026-11-21")?.expired).toBe(true);
  });

  it("has no status without a grade or with an unknown one", () => {
    expect(gradeStatus(null, "2021-01-01", "2026-01-01")).toBeNull();
    expect(gradeStatus("6A", "2021-01-01", "2026-01-01")).toBeNull();
  });
});
