import { awardsEn, awardsZh } from "./domains/awards";
import { bidsEn, bidsZh } from "./domains/bids";
import { budgetsEn, budgetsZh } from "./domains/budgets";
import { creditEn, creditZh } from "./domains/credit";
import { contractsEn, contractsZh } from "./domains/contracts";
import { donationsEn, donationsZh } from "./domains/donations";
import { evaluationEn, evaluationZh } from "./domains/evaluation";
import { needsEn, needsZh } from "./domains/needs";
import { outcomesEn, outcomesZh } from "./domains/outcomes";
import { notificationsEn, notificationsZh } from "./domains/notifications";
import { ocdsEn, ocdsZh } from "./domains/ocds";
import { riskEn, riskZh } from "./domains/risk";
import { surveysEn, surveysZh } from "./domains/surveys";
import { statsEn, statsZh } from "./domains/stats";
import { tendersEn, tendersZh } from "./domains/tenders";
import { coreEn } from "./en";
import { coreZh } from "./zh-CN";

/**
 * All UI strings: the core dictionary plus one file per domain, each with its zh-CN and en
 * halves side by side (TypeScript checks that en has every key of zh-CN).
 */
export const zhCN = { ...coreZh, ...needsZh, ...budgetsZh, ...tendersZh, ...bidsZh, ...evaluationZh, ...awardsZh, ...contractsZh, ...donationsZh, ...notificationsZh, ...statsZh, ...riskZh, ...ocdsZh, ...outcomesZh, ...surveysZh, ...creditZh };
export type MessageKey = keyof typeof zhCN;
export const en: Record<MessageKey, string> = { ...coreEn, ...needsEn, ...budgetsEn, ...tendersEn, ...bidsEn, ...evaluationEn, ...awardsEn, ...contractsEn, ...donationsEn, ...notificationsEn, ...statsEn, ...riskEn, ...ocdsEn, ...outcomesEn, ...surveysEn, ...creditEn };
