-- Row-level security, the application role and the append-only audit trail (hand-written; see
-- docs/data-model.md). Every statement is separated by a breakpoint: PGlite runs one statement per query.

-- The role every query of the access layer (db/with-tenant.ts) runs as, through SET LOCAL ROLE. Roles are
-- cluster-wide: another database on the same server may have created it already, possibly at this moment.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'imagefactory_app') THEN
    BEGIN
      CREATE ROLE imagefactory_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created concurrently by the migration of another database
    END;
  END IF;
END
$$;
--> statement-breakpoint
-- The user running migrations must be able to SET ROLE imagefactory_app (superusers always can). A
-- different login for the app needs `GRANT imagefactory_app TO <login>` from an administrator.
DO $$
BEGIN
  IF NOT pg_catalog.pg_has_role(current_user, 'imagefactory_app', 'MEMBER') THEN
    EXECUTE format('GRANT imagefactory_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO imagefactory_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, projects, builds, build_steps, build_logs, scan_reports, quarantines, approvals, role_mappings TO imagefactory_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO imagefactory_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM imagefactory_app, PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_events_id_seq TO imagefactory_app;
--> statement-breakpoint
-- Tenant isolation. A session sees and writes only the rows of the tenant in
-- `imagefactory.tenant_id` (set per transaction by withTenant); with none set it sees nothing. A read-only
-- cross-tenant session (withCrossTenantRead sets `imagefactory.cross_tenant` to 'on') reads every tenant
-- but writes nowhere: that policy is FOR SELECT only. FORCE makes the tables' owner obey the policies too
-- (superusers and BYPASSRLS roles still bypass them, which is why the app runs as imagefactory_app).
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants
  USING (id = current_setting('imagefactory.tenant_id', true))
  WITH CHECK (id = current_setting('imagefactory.tenant_id', true));
--> statement-breakpoint
CREATE POLICY cross_tenant_read ON tenants FOR SELECT
  USING (current_setting('imagefactory.cross_tenant', true) = 'on');
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['projects', 'builds', 'build_steps', 'build_logs', 'scan_reports', 'quarantines',
                           'approvals', 'role_mappings', 'audit_events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = current_setting('imagefactory.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('imagefactory.tenant_id', true))$p$, t);
    EXECUTE format($p$CREATE POLICY cross_tenant_read ON %I FOR SELECT
      USING (current_setting('imagefactory.cross_tenant', true) = 'on')$p$, t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The audit trail only grows: UPDATE, DELETE and TRUNCATE are refused for everyone, superusers included
-- (statement-level triggers fire even when no row matches). Only `session_replication_role = replica` or
-- `ALTER TABLE ... DISABLE TRIGGER`, both superuser-only, get past them, and the hash chain shows it.
CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'The audit trail can only grow: record a correcting event instead.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
