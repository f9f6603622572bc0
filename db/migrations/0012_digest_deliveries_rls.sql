-- Grants and row-level security of digest_deliveries, as for every tenant-owned table in 0001_rls_and_audit
-- (hand-written; see docs/data-model.md). One statement per breakpoint (PGlite).
GRANT SELECT, INSERT, UPDATE, DELETE ON digest_deliveries TO imagefactory_app;
--> statement-breakpoint
ALTER TABLE digest_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE digest_deliveries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON digest_deliveries
  USING (tenant_id = current_setting('imagefactory.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('imagefactory.tenant_id', true));
--> statement-breakpoint
CREATE POLICY cross_tenant_read ON digest_deliveries FOR SELECT
  USING (current_setting('imagefactory.cross_tenant', true) = 'on');
