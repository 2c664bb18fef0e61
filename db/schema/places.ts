import { index, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { regionLevel } from "./enums";

/** City → district → street → community → grid, with official division codes where they exist. */
export const regions = pgTable(
  "regions",
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid().references((): AnyPgColumn => regions.id),
    level: regionLevel().notNull(),
    code: text().notNull().unique(),
    nameZh: text().notNull(),
    nameEn: text().notNull(),
  },
  (t) => [index("regions_parent_idx").on(t.parentId), index("regions_level_idx").on(t.level)],
);

/** A district civil-affairs bureau (民政局): the buyer. */
export const bureaus = pgTable("bureaus", {
  id: uuid().primaryKey().defaultRandom(),
  districtId: uuid()
    .notNull()
    .unique()
    .references(() => regions.id),
  nameZh: text().notNull(),
  nameEn: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
