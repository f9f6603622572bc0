-- Grants, row-level security and the append-only trigger of audit_checkpoints, as for audit_events in
-- 0001_rls_and_audit (hand-written; see docs/data-model.md). One statement per breakpoint (PGlite).
GRANT SELECT, INSERT ON audit_checkpoints TO imagefactory_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM imagefactory_app, PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq TO imagefactory_app;
--> statement-breakpoint
ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_checkpoints FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_checkpoints
  USING (tenant_id = current_setting('imagefactory.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('imagefactory.tenant_id', true));
--> statement-breakpoint
CREATE POLICY cross_tenant_read ON audit_checkpoints FOR SELECT
  USING (current_setting('imagefactory.cross_tenant', true) = 'on');
--> statement-breakpoint
-- Checkpoints only grow, like the trail they sign: UPDATE, DELETE and TRUNCATE are refused for everyone.
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_checkpoints is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Checkpoints can only grow: sign a new one instead.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_append_only();
