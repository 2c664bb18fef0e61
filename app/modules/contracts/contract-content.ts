/**
 * What a contract version says: the snapshot stored in `contracts.content`, from which the PDF
 * is rendered and hashed. Everything the parties sign is in here, so a later change to the
 * tender, the bid or an organization's address never changes a signed contract.
 */
export interface ContractContent {
  number: string;
  version: number;
  tender: { id: string; title: string; method: "open_tender" | "competitive_consultation" | "venture_call"; category: string; servicePeriodMonths: number };
  purchaser: { bureauId: string; name: string; contactName: string; contactPhone: string };
  supplier: { organizationId: string; name: string; uscc: string; address: string | null; contactName: string; contactPhone: string };
  /** A venture call's funded proposal. */
  proposalTitle: string | null;
  amount: number;
  serviceStartOn: string;
  serviceEndOn: string;
  communities: { id: string; name: string }[];
  deliverables: { servicePlan: string; activities: string };
  /** Contracted indicators from the winning bid. */
  indicators: { beneficiaries: number; sessions: number; volunteerHours: number };
  team: { name: string; qualification: string }[];
  /** The bid's budget breakdown (fen), against which spending is reported. */
  budget: { item: string; amount: number }[];
  milestones: { position: number; name: string; dueOn: string; percentage: number; amount: number; isFinal: boolean; needsReport: boolean }[];
}
