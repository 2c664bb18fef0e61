/**
 * Identifiers and small conversions of the OCDS export (pure). The ocid is "ocds-", the
 * publisher's 6-character prefix (OCDS_PREFIX) and the tender's id; a release id is the ocid and
 * the kind of event, plus the amendment's or award's id where a tender has several.
 */
import type { ProcurementMethod } from "~/modules/tenders/tender-rules";

/** The schema version the packages declare (major.minor, as the package schema requires). */
export const OCDS_VERSION = "1.1";
/** Releases per page of the feed. */
export const OCDS_PAGE_SIZE = 100;
export const DEFAULT_OCDS_PREFIX = "sanshe";

export interface OcdsContext {
  /** The portal's origin ("https://portal.example.cn"), for the absolute URLs OCDS requires. */
  origin: string;
  prefix: string;
}

export function ocidOf(prefix: string, tenderId: string): string {
  return `ocds-${prefix}-${tenderId}`;
}

export function releaseId(ocid: string, kind: string, key: string): string {
  return key ? `${ocid}-${kind}-${key}` : `${ocid}-${kind}`;
}

/** OCDS amounts are in the currency's unit: yuan, from our integer fen. */
export function amountOf(fen: number) {
  return { amount: fen / 100, currency: "CNY" };
}

/**
 * Every method here is announced publicly and any verified organization may take part, which
 * is what the method codelist calls "open"; the Chinese method is in procurementMethodDetails.
 */
export const OCDS_METHOD: Record<ProcurementMethod, "open"> = {
  open_tender: "open",
  competitive_consultation: "open",
  venture_call: "open",
};
