CREATE TABLE "survey_counts" (
	"contract_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_counts_contract_id_year_pk" PRIMARY KEY("contract_id","year")
);
--> statement-breakpoint
ALTER TABLE "survey_counts" ADD CONSTRAINT "survey_counts_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- survey_counts is kept in the transaction that writes tokens or answers, by statement triggers:
-- a batch of tokens is one upsert per project and year, not one per token. A token or answer
-- deleted, or moved to another project or day by an update, leaves its old count and joins the
-- new one; marking a token used changes neither, and the update trigger then writes nothing.
CREATE FUNCTION "survey_counts_add"(kind text, rows jsonb, sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF jsonb_array_length(rows) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "survey_counts" AS c ("contract_id", "year", "tokens", "responses")
    SELECT (r->>'contract_id')::uuid, (r->>'year')::int,
      CASE WHEN kind = 'tokens' THEN sign * (r->>'n')::int ELSE 0 END,
      CASE WHEN kind = 'responses' THEN sign * (r->>'n')::int ELSE 0 END
    FROM jsonb_array_elements(rows) r
    ON CONFLICT ("contract_id", "year") DO UPDATE SET "tokens" = c."tokens" + excluded."tokens", "responses" = c."responses" + excluded."responses";
END $$;--> statement-breakpoint
CREATE FUNCTION "survey_counts_tokens"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added jsonb := '[]';
  removed jsonb := '[]';
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT coalesce(jsonb_agg(g), '[]') INTO added FROM (
      SELECT n."contract_id", extract(year from (n."issued_at" at time zone 'Asia/Shanghai'))::int AS "year", count(*) AS n FROM "new_rows" n GROUP BY 1, 2) g;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT coalesce(jsonb_agg(g), '[]') INTO removed FROM (
      SELECT o."contract_id", extract(year from (o."issued_at" at time zone 'Asia/Shanghai'))::int AS "year", count(*) AS n FROM "old_rows" o GROUP BY 1, 2) g;
  ELSE
    SELECT coalesce(jsonb_agg(g), '[]') INTO added FROM (
      SELECT n."contract_id", extract(year from (n."issued_at" at time zone 'Asia/Shanghai'))::int AS "year", count(*) AS n
      FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id"
      WHERE (o."contract_id", o."issued_at") IS DISTINCT FROM (n."contract_id", n."issued_at") GROUP BY 1, 2) g;
    SELECT coalesce(jsonb_agg(g), '[]') INTO removed FROM (
      SELECT o."contract_id", extract(year from (o."issued_at" at time zone 'Asia/Shanghai'))::int AS "year", count(*) AS n
      FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id"
      WHERE (o."contract_id", o."issued_at") IS DISTINCT FROM (n."contract_id", n."issued_at") GROUP BY 1, 2) g;
  END IF;
  PERFORM "survey_counts_add"('tokens', added, 1);
  PERFORM "survey_counts_add"('tokens', removed, -1);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "survey_counts_responses"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added jsonb := '[]';
  removed jsonb := '[]';
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT coalesce(jsonb_agg(g), '[]') INTO added FROM (
      SELECT n."contract_id", extract(year from n."answered_on")::int AS "year", count(*) AS n FROM "new_rows" n GROUP BY 1, 2) g;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT coalesce(jsonb_agg(g), '[]') INTO removed FROM (
      SELECT o."contract_id", extract(year from o."answered_on")::int AS "year", count(*) AS n FROM "old_rows" o GROUP BY 1, 2) g;
  ELSE
    SELECT coalesce(jsonb_agg(g), '[]') INTO added FROM (
      SELECT n."contract_id", extract(year from n."answered_on")::int AS "year", count(*) AS n
      FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id"
      WHERE (o."contract_id", o."answered_on") IS DISTINCT FROM (n."contract_id", n."answered_on") GROUP BY 1, 2) g;
    SELECT coalesce(jsonb_agg(g), '[]') INTO removed FROM (
      SELECT o."contract_id", extract(year from o."answered_on")::int AS "year", count(*) AS n
      FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id"
      WHERE (o."contract_id", o."answered_on") IS DISTINCT FROM (n."contract_id", n."answered_on") GROUP BY 1, 2) g;
  END IF;
  PERFORM "survey_counts_add"('responses', added, 1);
  PERFORM "survey_counts_add"('responses', removed, -1);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "survey_counts_insert" AFTER INSERT ON "survey_tokens" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_tokens"();--> statement-breakpoint
CREATE TRIGGER "survey_counts_update" AFTER UPDATE ON "survey_tokens" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_tokens"();--> statement-breakpoint
CREATE TRIGGER "survey_counts_delete" AFTER DELETE ON "survey_tokens" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_tokens"();--> statement-breakpoint
CREATE TRIGGER "survey_counts_insert" AFTER INSERT ON "survey_responses" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_responses"();--> statement-breakpoint
CREATE TRIGGER "survey_counts_update" AFTER UPDATE ON "survey_responses" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_responses"();--> statement-breakpoint
CREATE TRIGGER "survey_counts_delete" AFTER DELETE ON "survey_responses" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "survey_counts_responses"();--> statement-breakpoint
-- What the tables hold now.
INSERT INTO "survey_counts" ("contract_id", "year", "tokens", "responses")
  SELECT "contract_id", "year", sum("tokens")::int, sum("responses")::int FROM (
    SELECT "contract_id", extract(year from ("issued_at" at time zone 'Asia/Shanghai'))::int AS "year", count(*) AS "tokens", 0 AS "responses" FROM "survey_tokens" GROUP BY 1, 2
    UNION ALL
    SELECT "contract_id", extract(year from "answered_on")::int, 0, count(*) FROM "survey_responses" GROUP BY 1, 2
  ) x GROUP BY 1, 2;
