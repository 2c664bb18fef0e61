/**
 * The permission map: which role may do what. Pure, shared by server checks
 * (requirePermission) and the UI (navigation, buttons), and unit tested.
 * Scope (which bureau, community or organization) is checked in the queries.
 */
export const ROLES = ["admin", "bureau", "community", "resident", "agency", "expert", "evaluator"] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  role: Role;
  bureauId?: string;
  bureauName?: string;
  districtId?: string;
  communityId?: string;
  communityName?: string;
  organizationId?: string;
  organizationName?: string;
  memberRole?: "owner" | "member";
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  grants: Grant[];
}

export const PERMISSIONS = {
  "users.manage": ["admin"],
  "calendar.manage": ["admin"],
  "audit.read": ["admin"],
  "organizations.review": ["admin", "bureau"],
  "organizations.credit": ["admin"],
  "organization.manage": ["agency", "evaluator"],
  "needs.post": ["community", "resident"],
  "needs.support": ["resident"],
  "needs.review": ["bureau"],
  "tenders.manage": ["bureau"],
  "tenders.ask": ["agency"],
  "risk.read": ["admin", "bureau"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasRole(user: Pick<SessionUser, "grants"> | null | undefined, role: Role): boolean {
  return Boolean(user?.grants.some((g) => g.role === role));
}

export function grantsFor(user: Pick<SessionUser, "grants">, role: Role): Grant[] {
  return user.grants.filter((g) => g.role === role);
}

export function can(user: Pick<SessionUser, "grants"> | null | undefined, permission: Permission): boolean {
  const roles: readonly Role[] = PERMISSIONS[permission];
  return Boolean(user?.grants.some((g) => roles.includes(g.role)));
}

/** Owners manage their organization's members; plain members do not. */
export function isOrganizationOwner(user: Pick<SessionUser, "grants">, organizationId: string): boolean {
  return user.grants.some((g) => g.organizationId === organizationId && g.memberRole === "owner");
}

// Order decides where a user with several roles lands after signing in.
const WORKSPACES: Record<Role, string> = {
  admin: "/admin",
  bureau: "/bureau",
  community: "/community",
  agency: "/agency",
  evaluator: "/evaluator",
  expert: "/expert",
  resident: "/resident",
};

export function workspacePath(user: Pick<SessionUser, "grants">): string | null {
  for (const role of Object.keys(WORKSPACES) as Role[]) {
    if (hasRole(user, role)) return WORKSPACES[role];
  }
  return null;
}

export interface NavItem {
  to: string;
  label: string;
}

const NAVIGATION: Record<Role, NavItem[]> = {
  admin: [
    { to: "/admin", label: "nav.admin.home" },
    { to: "/admin/users", label: "nav.admin.users" },
    { to: "/admin/organizations", label: "nav.admin.organizations" },
    { to: "/admin/calendar", label: "nav.admin.calendar" },
    { to: "/admin/audit", label: "nav.admin.audit" },
    { to: "/risk", label: "nav.risk" },
  ],
  bureau: [
    { to: "/bureau", label: "nav.bureau.home" },
    { to: "/bureau/organizations", label: "nav.bureau.organizations" },
    { to: "/bureau/needs", label: "needs.nav.pool" },
    { to: "/bureau/budgets", label: "nav.bureau.budgets" },
    { to: "/bureau/tenders", label: "nav.bureau.tenders" },
    { to: "/bureau/projects", label: "nav.projects" },
    { to: "/bureau/credit", label: "credit.bureau.title" },
    { to: "/risk", label: "nav.risk" },
  ],
  community: [
    { to: "/community", label: "nav.community.home" },
    { to: "/community/needs/new", label: "needs.nav.post" },
    { to: "/community/projects", label: "nav.projects" },
    { to: "/community/surveys", label: "surveys.community.title" },
  ],
  agency: [
    { to: "/agency", label: "nav.agency.home" },
    { to: "/agency/bids", label: "bids.title" },
    { to: "/agency/projects", label: "nav.projects" },
    { to: "/agency/outcomes", label: "outcomes.agency.title" },
    { to: "/agency/members", label: "nav.agency.members" },
    { to: "/agency/staff", label: "nav.agency.staff" },
  ],
  evaluator: [
    { to: "/evaluator", label: "nav.evaluator.home" },
    { to: "/agency/members", label: "nav.agency.members" },
    { to: "/agency/staff", label: "nav.agency.staff" },
  ],
  expert: [{ to: "/expert", label: "nav.expert.home" }],
  resident: [
    { to: "/resident", label: "nav.resident.home" },
    { to: "/resident/needs/new", label: "needs.nav.post" },
  ],
};

/** Workspace links for the roles a user holds, without duplicates. */
export function navigationFor(user: Pick<SessionUser, "grants"> | null | undefined): NavItem[] {
  if (!user) return [];
  const seen = new Set<string>();
  const items: NavItem[] = [];
  for (const role of Object.keys(WORKSPACES) as Role[]) {
    if (!hasRole(user, role)) continue;
    for (const item of NAVIGATION[role]) {
      if (seen.has(item.to)) continue;
      seen.add(item.to);
      items.push(item);
    }
  }
  return items;
}
