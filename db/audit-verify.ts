/** npm run audit:verify — walks the audit hash chain and names the first entry that does not match. */
try {
  process.loadEnvFile();
} catch {
  // No .env file: the environment as it is.
}

// Imported after loadEnvFile so that a module reading the environment on load sees .env too.
const { connect } = await import("./client");
const { verifyAuditChain } = await import("~/modules/audit/audit.server");

const connection = connect({ url: process.env.DATABASE_URL || undefined, pgliteDir: process.env.PGLITE_DIR || undefined, poolSize: 1 });
let exitCode = 0;
try {
  const result = await verifyAuditChain(connection.db);
  if (result.ok) {
    console.log(`OK: ${result.count} entries`);
  } else {
    console.log(`BROKEN: first bad entry ${result.firstBadId} (seq ${result.firstBadSeq})`);
    console.log(`${result.count} entries before it verify`);
    exitCode = 1;
  }
} finally {
  await connection.close();
}
process.exit(exitCode);

export {};
