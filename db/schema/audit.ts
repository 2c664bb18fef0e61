import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Append-only, hash-chained: hash = sha256(prevHash + canonical JSON of the entry). */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint({ mode: "number" }).primaryKey(),
    id: uuid().notNull().unique().defaultRandom(),
    at: timestamp({ withTimezone: true }).notNull(),
    actorId: uuid(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index("audit_log_subject_idx").on(t.subjectType, t.subjectId), index("audit_log_actor_idx").on(t.actorId), index("audit_log_action_idx").on(t.action)],
);
