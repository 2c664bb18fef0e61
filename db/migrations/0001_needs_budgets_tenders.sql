CREATE TYPE "public"."budget_movement_kind" AS ENUM('reserve', 'release', 'commit', 'pay');--> statement-breakpoint
CREATE TYPE "public"."fund_source" AS ENUM('general_budget', 'welfare_lottery', 'higher_transfer', 'donations');--> statement-breakpoint
CREATE TYPE "public"."need_channel" AS ENUM('visit', 'survey', 'hotline', 'meeting', 'grid_staff', 'resident_online');--> statement-breakpoint
CREATE TYPE "public"."need_status" AS ENUM('submitted', 'accepted', 'rejected', 'tendered', 'served');--> statement-breakpoint
CREATE TYPE "public"."need_urgency" AS ENUM('low', 'normal', 'high');--> statement-breakpoint
CREATE TYPE "public"."procurement_method" AS ENUM('open_tender', 'competitive_consultation', 'venture_call');--> statement-breakpoint
CREATE TYPE "public"."tender_status" AS ENUM('draft', 'published', 'opened', 'evaluating', 'recommended', 'publicity', 'awarded', 'cancelled', 'unsuccessful');--> statement-breakpoint
CREATE TABLE "need_supports" (
	"need_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_supports_need_id_user_id_pk" PRIMARY KEY("need_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"grid_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"target_group" text NOT NULL,
	"beneficiaries_estimate" integer NOT NULL,
	"suggested_budget" bigint NOT NULL,
	"urgency" "need_urgency" DEFAULT 'normal' NOT NULL,
	"channel" "need_channel" NOT NULL,
	"status" "need_status" DEFAULT 'submitted' NOT NULL,
	"review_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachment_blobs" (
	"attachment_id" uuid PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bureau_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"fund_source" "fund_source" NOT NULL,
	"name" text NOT NULL,
	"amount" bigint NOT NULL,
	"reserved" bigint DEFAULT 0 NOT NULL,
	"committed" bigint DEFAULT 0 NOT NULL,
	"paid" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_lines_non_negative" CHECK ("budget_lines"."amount" >= 0 and "budget_lines"."reserved" >= 0 and "budget_lines"."committed" >= 0 and "budget_lines"."paid" >= 0),
	CONSTRAINT "budget_lines_within_amount" CHECK ("budget_lines"."reserved" + "budget_lines"."committed" + "budget_lines"."paid" <= "budget_lines"."amount")
);
--> statement-breakpoint
CREATE TABLE "budget_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"kind" "budget_movement_kind" NOT NULL,
	"amount" bigint NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"changes" text NOT NULL,
	"reason" text NOT NULL,
	"affects_bids" boolean NOT NULL,
	"previous_bid_deadline" timestamp with time zone NOT NULL,
	"new_bid_deadline" timestamp with time zone NOT NULL,
	"deadline_moved" boolean NOT NULL,
	"published_by" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"question" text NOT NULL,
	"asked_by_organization_id" uuid NOT NULL,
	"asked_by" uuid NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tender_communities" (
	"tender_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	CONSTRAINT "tender_communities_tender_id_community_id_pk" PRIMARY KEY("tender_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "tender_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"max_points" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_needs" (
	"tender_id" uuid NOT NULL,
	"need_id" uuid NOT NULL,
	CONSTRAINT "tender_needs_tender_id_need_id_pk" PRIMARY KEY("tender_id","need_id")
);
--> statement-breakpoint
CREATE TABLE "tender_tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"milestone" text NOT NULL,
	"percentage" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bureau_id" uuid NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"method" "procurement_method" NOT NULL,
	"theme" text,
	"ceiling_price" bigint NOT NULL,
	"service_period_months" integer NOT NULL,
	"recurring_service" boolean DEFAULT false NOT NULL,
	"eligibility" text NOT NULL,
	"price_points" integer NOT NULL,
	"weight_purchaser" integer DEFAULT 30 NOT NULL,
	"weight_third_party" integer DEFAULT 40 NOT NULL,
	"weight_satisfaction" integer DEFAULT 30 NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"enquiry_deadline" timestamp with time zone NOT NULL,
	"bid_deadline" timestamp with time zone NOT NULL,
	"status" "tender_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"copied_from_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "need_supports" ADD CONSTRAINT "need_supports_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_supports" ADD CONSTRAINT "need_supports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_grid_id_regions_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment_blobs" ADD CONSTRAINT "attachment_blobs_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_bureau_id_bureaus_id_fk" FOREIGN KEY ("bureau_id") REFERENCES "public"."bureaus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_movements" ADD CONSTRAINT "budget_movements_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "public"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_movements" ADD CONSTRAINT "budget_movements_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_asked_by_organization_id_organizations_id_fk" FOREIGN KEY ("asked_by_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_communities" ADD CONSTRAINT "tender_communities_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_communities" ADD CONSTRAINT "tender_communities_community_id_regions_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_criteria" ADD CONSTRAINT "tender_criteria_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_needs" ADD CONSTRAINT "tender_needs_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_needs" ADD CONSTRAINT "tender_needs_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_tranches" ADD CONSTRAINT "tender_tranches_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_bureau_id_bureaus_id_fk" FOREIGN KEY ("bureau_id") REFERENCES "public"."bureaus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_budget_line_id_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "public"."budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_community_idx" ON "needs" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "needs_status_idx" ON "needs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "attachments_owner_idx" ON "attachments" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "budget_lines_bureau_idx" ON "budget_lines" USING btree ("bureau_id","fiscal_year");--> statement-breakpoint
CREATE INDEX "budget_movements_line_idx" ON "budget_movements" USING btree ("budget_line_id","at");--> statement-breakpoint
CREATE INDEX "amendments_tender_idx" ON "amendments" USING btree ("tender_id","published_at");--> statement-breakpoint
CREATE INDEX "enquiries_tender_idx" ON "enquiries" USING btree ("tender_id","asked_at");--> statement-breakpoint
CREATE INDEX "tender_communities_community_idx" ON "tender_communities" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "tender_criteria_tender_idx" ON "tender_criteria" USING btree ("tender_id","position");--> statement-breakpoint
CREATE INDEX "tender_needs_need_idx" ON "tender_needs" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "tender_tranches_tender_idx" ON "tender_tranches" USING btree ("tender_id","position");--> statement-breakpoint
CREATE INDEX "tenders_status_deadline_idx" ON "tenders" USING btree ("status","bid_deadline");--> statement-breakpoint
CREATE INDEX "tenders_bureau_idx" ON "tenders" USING btree ("bureau_id","status");--> statement-breakpoint
CREATE INDEX "tenders_category_idx" ON "tenders" USING btree ("category");