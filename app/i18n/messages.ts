import { awardsEn, awardsZh } from "./domains/awards";
import { bidsEn, bidsZh } from "./domains/bids";
import { budgetsEn, budgetsZh } from "./domains/budgets";
import { evaluationEn, evaluationZh } from "./domains/evaluation";
import { needsEn, needsZh } from "./domains/needs";
import { tendersEn, tendersZh } from "./domains/tenders";
import { coreEn } from "./en";
import { coreZh } from "./zh-CN";

/**
 * All UI strings: the core dictionary plus one file per domain, each with its zh-CN and en
 * halves side by side (TypeScript checks that en has every key of zh-CN).
 */
export const zhCN = { ...coreZh, ...needsZh, ...budgetsZh, ...tendersZh, ...bidsZh, ...evaluationZh, ...awardsZh };
export type MessageKey = keyof typeof zhCN;
export const en: Record<MessageKey, string> = { ...coreEn, ...needsEn, ...budgetsEn, ...tendersEn, ...bidsEn, ...evaluationEn, ...awardsEn };
