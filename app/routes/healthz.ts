import { json } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { db, getConnection } from "~/utils/db.server";

export async function loader() {
  try {
    await db.execute(sql`select 1`);
    return json({ status: "ok", database: getConnection().driver }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ status: "unavailable", database: getConnection().driver }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
