CREATE TYPE "public"."contract_party" AS ENUM('agency', 'bureau');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('draft', 'active', 'completed', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."credit_proposal_status" AS ENUM('proposed', 'confirmed', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."donation_status" AS ENUM('pending', 'paid', 'expired');--> statement-breakpoint
CREATE TYPE "public"."milestone_status" AS ENUM('pending', 'submitted', 'returned', 'accepted');--> statement-breakpoint
CREATE TYPE "public"."outcome_evaluation_status" AS ENUM('commissioned', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."outcome_grade" AS ENUM('excellent', 'good', 'pass', 'fail');--> statement-breakpoint
CREATE TYPE "public"."progress_report_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."service_confirmation_status" AS ENUM('confirmed', 'problem');--> statement-breakpoint
CREATE TABLE "contract_communities" (
	"contract_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	CONSTRAINT "contract_communities_contract_id_community_id_pk" PRIMARY KEY("contract_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "contract_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"due_on" date NOT NULL,
	"needs_report" boolean DEFAULT true NOT NULL,
	"status" "milestone_status" DEFAULT 'pending' NOT NULL,
	"return_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contract_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"party" "contract_party" NOT NULL,
	"contract_version" integer NOT NULL,
	"pdf_sha256" text NOT NULL,
	"user_id" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"award_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"bureau_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"amount" bigint NOT NULL,
	"service_start_on" date NOT NULL,
	"service_end_on" date NOT NULL,
	"content" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"pdf_sha256" text NOT NULL,
	"status" "contract_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"activated_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"terminated_at" timestamp with time zone,
	"terminated_by" uuid,
	"termination_reason" text,
	CONSTRAINT "contracts_amount_positive" CHECK ("contracts"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "donations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'cny' NOT NULL,
	"donor_name" text,
	"message" text,
	"status" "donation_status" DEFAULT 'pending' NOT NULL,
	"stripe_session_id" text,
	"stripe_event_id" text,
	"receipt_token" text NOT NULL,
	"receipt_number" text,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "donations_amount_min" CHECK ("donations"."amount" >= 100)
);
--> statement-breakpoint
CREATE TABLE "payment_tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"percentage" integer NOT NULL,
	"amount" bigint NOT NULL,
	"is_final" boolean DEFAULT false NOT NULL,
	CONSTRAINT "payment_tranches_amount_non_negative" CHECK ("payment_tranches"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tranche_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"milestone_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"status" "progress_report_status" DEFAULT 'draft' NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"activities" jsonb NOT NULL,
	"beneficiaries" integer NOT NULL,
	"volunteer_hours" numeric(10, 1) NOT NULL,
	"spending" jsonb NOT NULL,
	"narrative" text NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "service_confirmations" (
	"milestone_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"status" "service_confirmation_status" NOT NULL,
	"note" text,
	"report_revision" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_confirmations_milestone_id_community_id_pk" PRIMARY KEY("milestone_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"evaluation_ids" uuid[] NOT NULL,
	"status" "credit_proposal_status" DEFAULT 'proposed' NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "outcome_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"evaluator_organization_id" uuid NOT NULL,
	"commissioned_by" uuid NOT NULL,
	"commissioned_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"status" "outcome_evaluation_status" DEFAULT 'commissioned' NOT NULL,
	"third_party_score" numeric(5, 2),
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"agency_response" text,
	"agency_responded_at" timestamp with time zone,
	"purchaser_score" numeric(5, 2),
	"purchaser_reasons" text,
	"purchaser_scored_by" uuid,
	"purchaser_scored_at" timestamp with time zone,
	"satisfaction_score" numeric(5, 2),
	"satisfaction_responses" integer,
	"composite_score" numeric(5, 2),
	"grade" "outcome_grade",
	"graded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outcome_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"dimension" text NOT NULL,
	"name" text NOT NULL,
	"max_points" integer NOT NULL,
	"guidance" text NOT NULL,
	CONSTRAINT "outcome_indicators_points" CHECK ("outcome_indicators"."max_points" > 0)
);
--> statement-breakpoint
CREATE TABLE "outcome_scores" (
	"evaluation_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"justification" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outcome_scores_evaluation_id_indicator_id_pk" PRIMARY KEY("evaluation_id","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "site_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"place" text NOT NULL,
	"people_met" text NOT NULL,
	"notes" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"scores" smallint[] NOT NULL,
	"comment" text,
	"answered_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_on" date NOT NULL,
	"used_on" date
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"questions" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"message" text NOT NULL,
	"link" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"categories" text[] NOT NULL,
	"district_ids" uuid[] NOT NULL,
	"keyword" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_communities" ADD CONSTRAINT "contract_communities_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_communities" ADD CONSTRAINT "contract_communities_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_milestones" ADD CONSTRAINT "contract_milestones_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_milestones" ADD CONSTRAINT "contract_milestones_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_signatures" ADD CONSTRAINT "contract_signatures_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_signatures" ADD CONSTRAINT "contract_signatures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_award_id_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_bureau_id_bureaus_id_fk" FOREIGN KEY ("bureau_id") REFERENCES "public"."bureaus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_terminated_by_users_id_fk" FOREIGN KEY ("terminated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_tranches" ADD CONSTRAINT "payment_tranches_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_tranches" ADD CONSTRAINT "payment_tranches_milestone_id_contract_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."contract_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tranche_id_payment_tranches_id_fk" FOREIGN KEY ("tranche_id") REFERENCES "public"."payment_tranches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_milestone_id_contract_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."contract_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_confirmations" ADD CONSTRAINT "service_confirmations_milestone_id_contract_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."contract_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_confirmations" ADD CONSTRAINT "service_confirmations_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_confirmations" ADD CONSTRAINT "service_confirmations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_proposals" ADD CONSTRAINT "credit_proposals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_proposals" ADD CONSTRAINT "credit_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_evaluations" ADD CONSTRAINT "outcome_evaluations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_evaluations" ADD CONSTRAINT "outcome_evaluations_evaluator_organization_id_organizations_id_fk" FOREIGN KEY ("evaluator_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_evaluations" ADD CONSTRAINT "outcome_evaluations_commissioned_by_users_id_fk" FOREIGN KEY ("commissioned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_evaluations" ADD CONSTRAINT "outcome_evaluations_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_evaluations" ADD CONSTRAINT "outcome_evaluations_purchaser_scored_by_users_id_fk" FOREIGN KEY ("purchaser_scored_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_indicators" ADD CONSTRAINT "outcome_indicators_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_scores" ADD CONSTRAINT "outcome_scores_evaluation_id_outcome_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."outcome_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_scores" ADD CONSTRAINT "outcome_scores_indicator_id_outcome_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."outcome_indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_visits" ADD CONSTRAINT "site_visits_evaluation_id_outcome_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."outcome_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_visits" ADD CONSTRAINT "site_visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_communities_community_idx" ON "contract_communities" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_milestones_position_idx" ON "contract_milestones" USING btree ("contract_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_signatures_once_idx" ON "contract_signatures" USING btree ("contract_id","contract_version","party");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_award_idx" ON "contracts" USING btree ("award_id");--> statement-breakpoint
CREATE INDEX "contracts_tender_idx" ON "contracts" USING btree ("tender_id");--> statement-breakpoint
CREATE INDEX "contracts_organization_idx" ON "contracts" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "contracts_bureau_idx" ON "contracts" USING btree ("bureau_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "donations_session_idx" ON "donations" USING btree ("stripe_session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "donations_event_idx" ON "donations" USING btree ("stripe_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "donations_receipt_token_idx" ON "donations" USING btree ("receipt_token");--> statement-breakpoint
CREATE INDEX "donations_contract_idx" ON "donations" USING btree ("contract_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_tranches_position_idx" ON "payment_tranches" USING btree ("contract_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_tranches_milestone_idx" ON "payment_tranches" USING btree ("milestone_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_tranche_idx" ON "payments" USING btree ("tranche_id");--> statement-breakpoint
CREATE INDEX "payments_contract_idx" ON "payments" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "progress_reports_milestone_idx" ON "progress_reports" USING btree ("milestone_id");--> statement-breakpoint
CREATE INDEX "progress_reports_contract_idx" ON "progress_reports" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "credit_proposals_organization_idx" ON "credit_proposals" USING btree ("organization_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_proposals_open_idx" ON "credit_proposals" USING btree ("organization_id") WHERE "credit_proposals"."status" = 'proposed';--> statement-breakpoint
CREATE UNIQUE INDEX "outcome_evaluations_contract_idx" ON "outcome_evaluations" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "outcome_evaluations_evaluator_idx" ON "outcome_evaluations" USING btree ("evaluator_organization_id","status");--> statement-breakpoint
CREATE INDEX "outcome_indicators_tender_idx" ON "outcome_indicators" USING btree ("tender_id","position");--> statement-breakpoint
CREATE INDEX "site_visits_evaluation_idx" ON "site_visits" USING btree ("evaluation_id");--> statement-breakpoint
CREATE INDEX "survey_responses_contract_idx" ON "survey_responses" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_tokens_code_idx" ON "survey_tokens" USING btree ("code");--> statement-breakpoint
CREATE INDEX "survey_tokens_contract_idx" ON "survey_tokens" USING btree ("contract_id","community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_once_idx" ON "notifications" USING btree ("user_id","kind","subject_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "subscriptions_user_idx" ON "subscriptions" USING btree ("user_id");