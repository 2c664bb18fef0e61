import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity";

/**
 * A user's subscription to new tenders (订阅): categories and districts (empty = any) and an
 * optional keyword in the title.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    categories: text().array().notNull(),
    districtIds: uuid().array().notNull(),
    keyword: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("subscriptions_user_idx").on(t.userId)],
);

/**
 * In-portal notifications. `message` is an i18n key with its variables (msg format); the unique
 * index makes fan-out idempotent: one notification per user, kind and subject.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    message: text().notNull(),
    link: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notifications_once_idx").on(t.userId, t.kind, t.subjectId),
    index("notifications_user_idx").on(t.userId, t.createdAt),
  ],
);
