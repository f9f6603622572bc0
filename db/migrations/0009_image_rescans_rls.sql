-- Grants and row-level security of image_rescans, as for every tenant-owned table in 0001_rls_and_audit
-- (hand-written; see docs/data-model.md). One statement per breakpoint (PGlite).
GRANT SELECT, INSERT, UPDATE, DELETE ON image_rescans TO imagefactory_app;
--> statement-breakpoint
ALTER TABLE image_rescans ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE image_rescans FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON image_rescans
  USING (tenant_id = current_setting('imagefactory.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('imagefactory.tenant_id', true));
--> statement-breakpoint
CREATE POLICY cross_tenant_read ON image_rescans FOR SELECT
  USING (current_setting('imagefactory.cross_tenant', true) = 'on');
