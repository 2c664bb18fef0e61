// Routes reach the database only through a .server module, which the compiler keeps out of
// the browser bundle (DESIGN §7: only app/**/*.server.ts may import db/).
export { db, getConnection } from "#db/client";
