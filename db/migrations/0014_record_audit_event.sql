-- An audit event appended on its own, in a transaction of its own (hand-written; see docs/data-model.md,
-- "Appending"): one statement is the whole transaction, BEGIN and COMMIT included. It becomes
-- imagefactory_app and the given tenant for that transaction only, as withTenant would, and appends through
-- append_audit_event. Called where a tenant is already set (inside a transaction of withTenant) it refuses:
-- it would switch that transaction's tenant, and appendAuditEvent appends there.
CREATE FUNCTION record_audit_event(
  event_tenant_id text, event_at timestamptz, event_actor text, event_action text, event_project text,
  event_build_id text, event_decision text, event_reason text, event_data jsonb, event_idempotency_key text,
  hashed_members text
) RETURNS SETOF audit_events
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
BEGIN
  IF coalesce(current_setting('imagefactory.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'recordAuditEvent runs in a transaction of its own, not inside withTenant (tenant % is set on this transaction): use appendAuditEvent there',
      current_setting('imagefactory.tenant_id', true);
  END IF;
  IF coalesce(event_tenant_id, '') = '' THEN
    RAISE EXCEPTION 'recordAuditEvent needs a tenant id';
  END IF;
  PERFORM set_config('role', 'imagefactory_app', true), set_config('imagefactory.tenant_id', event_tenant_id, true);
  RETURN QUERY SELECT * FROM append_audit_event(NULL, event_at, event_actor, event_action, event_project, event_build_id,
    event_decision, event_reason, event_data, event_idempotency_key, hashed_members);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION record_audit_event(text, timestamptz, text, text, text, text, text, text, jsonb, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION record_audit_event(text, timestamptz, text, text, text, text, text, text, jsonb, text, text) TO imagefactory_app;
