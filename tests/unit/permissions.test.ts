import { describe, expect, it } from "vitest";
import { can, isOrganizationOwner, navigationFor, PERMISSIONS, workspacePath, type Grant } from "~/modules/auth/permissions";

const user = (...grants: Grant[]) => ({ grants });

describe("permission map", () => {
  it("gives each administrative power to the admin only", () => {
    const admin = user({ role: "admin" });
    const bureau = user({ role: "bureau", bureauId: "b1" });
    for (const p of ["users.manage", "calendar.manage", "audit.read", "organizations.credit"] as const) {
      expect(can(admin, p)).toBe(true);
      expect(can(bureau, p)).toBe(false);
    }
  });

  it("lets admins and bureau officers review organizations, nobody else", () => {
    expect(PERMISSIONS["organizations.review"]).toEqual(["admin", "bureau"]);
    expect(can(user({ role: "bureau" }), "organizations.review")).toBe(true);
    for (const role of ["community", "resident", "agency", "expert", "evaluator"] as const) {
      expect(can(user({ role }), "organizations.review")).toBe(false);
    }
  });

  it("refuses everything to the public (no user)", () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can(null, p)).toBe(false);
  });

  it("tells owners from plain members of an organization", () => {
    const owner = user({ role: "agency", organizationId: "o1", memberRole: "owner" });
    const member = user({ role: "agency", organizationId: "o1", memberRole: "member" });
    expect(isOrganizationOwner(owner, "o1")).toBe(true);
    expect(isOrganizationOwner(owner, "o2")).toBe(false);
    expect(isOrganizationOwner(member, "o1")).toBe(false);
  });
});

describe("workspaces and navigation", () => {
  it("lands each role on its own workspace", () => {
    expect(workspacePath(user({ role: "admin" }))).toBe("/admin");
    expect(workspacePath(user({ role: "bureau" }))).toBe("/bureau");
    expect(workspacePath(user({ role: "community" }))).toBe("/community");
    expect(workspacePath(user({ role: "resident" }))).toBe("/resident");
    expect(workspacePath(user({ role: "agency" }))).toBe("/agency");
    expect(workspacePath(user({ role: "expert" }))).toBe("/expert");
    expect(workspacePath(user({ role: "evaluator" }))).toBe("/evaluator");
    expect(workspacePath(user())).toBeNull();
  });

  it("lands a bureau officer who is also a resident on the bureau workspace and shows both", () => {
    const both = user({ role: "resident", communityId: "c1" }, { role: "bureau", bureauId: "b1" });
    expect(workspacePath(both)).toBe("/bureau");
    expect(navigationFor(both).map((n) => n.to)).toEqual([
      "/bureau",
      "/bureau/organizations",
      "/bureau/needs",
      "/bureau/budgets",
      "/bureau/tenders",
      "/bureau/projects",
      "/bureau/credit",
      "/risk",
      "/resident",
      "/resident/needs/new",
    ]);
  });

  it("shows an agency member its organization pages and no admin pages", () => {
    const links = navigationFor(user({ role: "agency", organizationId: "o1" })).map((n) => n.to);
    expect(links).toEqual(["/agency", "/agency/bids", "/agency/projects", "/agency/outcomes", "/agency/members", "/agency/staff"]);
  });

  it("shows nothing to the public", () => {
    expect(navigationFor(null)).toEqual([]);
  });
});
