import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and applied by db/migrate.ts with
// drizzle-orm's migrator, on PGlite and on PostgreSQL alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
