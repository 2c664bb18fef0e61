import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().optional(),
  // Comma-separated origins allowed to POST besides the request's own host (e.g. behind a proxy).
  ALLOWED_ORIGINS: z.string().optional(),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  // OCDS publisher prefix (ocid = ocds-<prefix>-<tender id>): 6 lowercase letters or digits, as the Open Contracting Partnership assigns them.
  OCDS_PREFIX: z.string().regex(/^[a-z0-9]{6}$/, "6 lowercase letters or digits").default("sanshe"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** Environment read once and checked: a typo in .env fails at start, not at first use. */
export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
