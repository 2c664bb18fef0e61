/** Service categories from the Zhengzhou study (DESIGN §4.1); shared by needs, tenders and organizations. */
export const SERVICE_CATEGORIES = [
  "elderly_care",
  "children_youth",
  "disability",
  "social_assistance",
  "community_corrections",
  "family_women",
  "culture_sports",
  "governance_volunteering",
  "employment",
  "mental_health",
  "other",
] as const;

export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
