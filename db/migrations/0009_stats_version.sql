CREATE TABLE "stats_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "stats_version" ("id", "n") VALUES (1, 0);--> statement-breakpoint
-- Every transaction that writes a table the public statistics read increments the counter once,
-- at commit (a deferred constraint trigger; a transaction-local setting marks it done), so two
-- snapshots that read the same value saw the same committed writes. Taking the counter's row
-- lock only at commit keeps writers from queuing on it for longer than their commit.
CREATE FUNCTION "stats_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('sanshe.stats_bumped', true) IS DISTINCT FROM 'on' THEN
    UPDATE "stats_version" SET "n" = "n" + 1 WHERE "id" = 1;
    PERFORM set_config('sanshe.stats_bumped', 'on', true);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['awards', 'bid_openings', 'budget_lines', 'bureaus', 'contracts', 'donations', 'needs',
    'organization_districts', 'organizations', 'outcome_evaluations', 'payments', 'regions', 'survey_responses',
    'survey_tokens', 'tender_needs', 'tenders']
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER "stats_version_bump" AFTER INSERT OR UPDATE OR DELETE ON %I '
      'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "stats_version_bump"()', t);
  END LOOP;
END $$;
