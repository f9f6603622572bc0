CREATE TABLE "webhook_deliveries" (
	"tenant_id" text NOT NULL,
	"guid" text NOT NULL,
	"event" text NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone,
	"handled_by" text NOT NULL,
	CONSTRAINT "webhook_deliveries_pk" PRIMARY KEY("tenant_id","guid"),
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('handling', 'handled'))
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "installation_id" bigint;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "account_type" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "status_changed_by" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "github_id" bigint;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_status_check" CHECK ("tenants"."status" in ('active', 'suspended', 'uninstalled'));