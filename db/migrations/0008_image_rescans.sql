CREATE TABLE "image_rescans" (
	"tenant_id" text NOT NULL,
	"key" text NOT NULL,
	"build_id" text NOT NULL,
	"digest" text NOT NULL,
	"target" text NOT NULL,
	"scanner" text NOT NULL,
	"db_status" text NOT NULL,
	"db_updated_at" timestamp with time zone,
	"summary" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"blocking" text[] DEFAULT '{}'::text[] NOT NULL,
	"new_blocking" text[] DEFAULT '{}'::text[] NOT NULL,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_rescans_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
ALTER TABLE "image_rescans" ADD CONSTRAINT "image_rescans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_rescans" ADD CONSTRAINT "image_rescans_build_fk" FOREIGN KEY ("tenant_id","build_id") REFERENCES "public"."builds"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "image_rescans_tenant_digest_idx" ON "image_rescans" USING btree ("tenant_id","digest","scanned_at");