import { connect } from "./client";
import { runMigrations } from "./migrate-core";

const connection = connect({ url: process.env.DATABASE_URL || undefined, pgliteDir: process.env.PGLITE_DIR || undefined, poolSize: 1 });
try {
  await runMigrations(connection);
  console.log(`migrations applied (${connection.driver})`);
} finally {
  await connection.close();
}
