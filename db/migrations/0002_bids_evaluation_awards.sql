CREATE TYPE "public"."award_status" AS ENUM('publicity', 'final', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."bid_status" AS ENUM('submitted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."challenge_remedy" AS ENUM('reevaluate', 'reaward');--> statement-breakpoint
CREATE TYPE "public"."challenge_status" AS ENUM('pending', 'rejected', 'upheld');--> statement-breakpoint
CREATE TYPE "public"."committee_member_status" AS ENUM('active', 'recused');--> statement-breakpoint
CREATE TYPE "public"."score_sheet_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TABLE "bid_openings" (
	"tender_id" uuid PRIMARY KEY NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" uuid NOT NULL,
	"valid_count" integer NOT NULL,
	"record" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"unsuccessful_reason" text
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"status" "bid_status" DEFAULT 'submitted' NOT NULL,
	"sealed_content" "bytea" NOT NULL,
	"sealed_iv" "bytea" NOT NULL,
	"sealed_tag" "bytea" NOT NULL,
	"key_version" integer DEFAULT 1 NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"price" bigint,
	"opened_content" jsonb,
	"valid" boolean,
	"invalid_reason" text
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"is_expert" boolean NOT NULL,
	"status" "committee_member_status" DEFAULT 'active' NOT NULL,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recused_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "conflict_declarations" (
	"member_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"has_conflict" boolean NOT NULL,
	"note" text,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conflict_declarations_member_id_organization_id_pk" PRIMARY KEY("member_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_reports" (
	"tender_id" uuid PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"draw_seed" text,
	"flags" jsonb NOT NULL,
	"benchmark_price" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_results" (
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"price_score" numeric(8, 2) NOT NULL,
	"total" numeric(8, 2) NOT NULL,
	"rank" integer NOT NULL,
	"recommended" boolean NOT NULL,
	"funded" boolean,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_results_tender_id_bid_id_pk" PRIMARY KEY("tender_id","bid_id")
);
--> statement-breakpoint
CREATE TABLE "score_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"status" "score_sheet_status" DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"sheet_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"points" numeric(6, 2) NOT NULL,
	"justification" text NOT NULL,
	CONSTRAINT "scores_sheet_id_criterion_id_pk" PRIMARY KEY("sheet_id","criterion_id")
);
--> statement-breakpoint
CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"status" "award_status" DEFAULT 'publicity' NOT NULL,
	"skip_reason" text,
	"confirmed_by" uuid NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"publicity_ends_on" date NOT NULL,
	"challenge_deadline" date NOT NULL,
	"final_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"award_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"filed_by" uuid NOT NULL,
	"subject" text NOT NULL,
	"grounds" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"answer_due_on" date NOT NULL,
	"status" "challenge_status" DEFAULT 'pending' NOT NULL,
	"answer" text,
	"remedy" "challenge_remedy",
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bid_openings" ADD CONSTRAINT "bid_openings_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_openings" ADD CONSTRAINT "bid_openings_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_member_id_committee_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."committee_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_reports" ADD CONSTRAINT "evaluation_reports_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_member_id_committee_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."committee_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_sheets" ADD CONSTRAINT "score_sheets_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_sheet_id_score_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."score_sheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_criterion_id_tender_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."tender_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_award_id_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bids_one_live_idx" ON "bids" USING btree ("tender_id","organization_id") WHERE "bids"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "bids_tender_idx" ON "bids" USING btree ("tender_id","status");--> statement-breakpoint
CREATE INDEX "bids_organization_idx" ON "bids" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "committee_members_unique_idx" ON "committee_members" USING btree ("tender_id","user_id");--> statement-breakpoint
CREATE INDEX "committee_members_user_idx" ON "committee_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "evaluation_results_rank_idx" ON "evaluation_results" USING btree ("tender_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "score_sheets_unique_idx" ON "score_sheets" USING btree ("member_id","bid_id");--> statement-breakpoint
CREATE INDEX "awards_tender_idx" ON "awards" USING btree ("tender_id","status");--> statement-breakpoint
CREATE INDEX "challenges_tender_idx" ON "challenges" USING btree ("tender_id","status");