/** npm run db:seed — loads the demo data set into an empty database (DESIGN §9); a no-op otherwise. */
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment as it is.
}

// Imported after loadEnvFile so that a module reading the environment on load sees .env too.
const { connect } = await import("./client");
const { DEMO_PASSWORD, hasUsers, seedDemoIfEmpty } = await import("./seed-demo");

const connection = connect({ url: process.env.DATABASE_URL || undefined, pgliteDir: process.env.PGLITE_DIR || undefined, poolSize: 1 });
try {
  if (await hasUsers(connection.db)) {
    console.log("demo data already present");
  } else {
    const seeded = await seedDemoIfEmpty(connection.db);
    if (!seeded) {
      console.log("demo data already present");
    } else {
      const c = seeded.counts;
      console.log(
        `demo data seeded (${connection.driver}): ${c.regions} regions, ${c.bureaus} bureaus, ${c.users} users, ` +
          `${c.organizations} organizations, ${c.staff} staff, ${c.calendarDays} calendar days in ${c.calendarYears} year(s)`,
      );
      console.log(`demo logins use the password "${DEMO_PASSWORD}"`);
    }
  }
} finally {
  await connection.close();
}

export {};
