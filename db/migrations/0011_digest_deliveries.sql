CREATE TABLE "digest_deliveries" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"repository" text,
	"cadence" text NOT NULL,
	"period_since" timestamp with time zone NOT NULL,
	"period_until" timestamp with time zone NOT NULL,
	"recipient" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "digest_deliveries_pk" PRIMARY KEY("tenant_id","key"),
	CONSTRAINT "digest_deliveries_status_check" CHECK ("digest_deliveries"."status" in ('pending', 'sent', 'failed')),
	CONSTRAINT "digest_deliveries_cadence_check" CHECK ("digest_deliveries"."cadence" in ('daily', 'weekly'))
);
--> statement-breakpoint
ALTER TABLE "digest_deliveries" ADD CONSTRAINT "digest_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;