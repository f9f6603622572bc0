-- An audit append in one round trip (hand-written; see docs/data-model.md, "Appending"): the tenant's lock,
-- the idempotency key, the head, the hash and the insert, inside the caller's transaction. It runs with the
-- caller's rights (SECURITY INVOKER): as imagefactory_app, row-level security decides what it reads and
-- writes. The caller sends the members of the hash serialization it knows (`at` to `idempotency_key`, in
-- order, as db/audit-hash.ts writes them); the tenant, `seq` and `prev_hash` are filled in here, under the lock.
CREATE FUNCTION append_audit_event(
  event_tenant_id text, event_at timestamptz, event_actor text, event_action text, event_project text,
  event_build_id text, event_decision text, event_reason text, event_data jsonb, event_idempotency_key text,
  hashed_members text
) RETURNS SETOF audit_events
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
DECLARE
  tenant text := current_setting('imagefactory.tenant_id', true);
  last_seq bigint;
  last_hash text;
  next_seq bigint;
  prev text;
BEGIN
  IF tenant IS NULL OR tenant = '' THEN
    RAISE EXCEPTION 'appendAuditEvent must run inside withTenant (no tenant is set on this transaction)';
  END IF;
  IF event_tenant_id IS NOT NULL AND event_tenant_id <> tenant THEN
    RAISE EXCEPTION 'appendAuditEvent: event is for tenant % but the transaction is tenant %', event_tenant_id, tenant;
  END IF;
  -- Held until the caller's transaction ends: the tenant's appenders take turns, so the chain never forks.
  PERFORM pg_advisory_xact_lock(hashtextextended('imagefactory.audit:' || tenant, 0));
  -- Each statement below reads with a snapshot taken after the lock: the previous holder's row is seen.
  IF event_idempotency_key IS NOT NULL THEN
    RETURN QUERY SELECT * FROM audit_events e WHERE e.tenant_id = tenant AND e.idempotency_key = event_idempotency_key;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  SELECT e.seq, e.hash INTO last_seq, last_hash FROM audit_events e WHERE e.tenant_id = tenant ORDER BY e.seq DESC LIMIT 1;
  next_seq := coalesce(last_seq, 0) + 1;
  prev := coalesce(last_hash, repeat('0', 64));
  RETURN QUERY
    INSERT INTO audit_events AS e (tenant_id, seq, at, actor, action, project, build_id, decision, reason, data, idempotency_key, prev_hash, hash)
    VALUES (tenant, next_seq, event_at, event_actor, event_action, event_project, event_build_id, event_decision, event_reason,
            event_data, event_idempotency_key, prev,
            encode(sha256(convert_to(
              '{"v":1,"tenant_id":' || to_json(tenant)::text || ',"seq":' || next_seq::text || ',' || hashed_members
                || ',"prev_hash":"' || prev || '"}', 'UTF8')), 'hex'))
    RETURNING e.*;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION append_audit_event(text, timestamptz, text, text, text, text, text, text, jsonb, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION append_audit_event(text, timestamptz, text, text, text, text, text, text, jsonb, text, text) TO imagefactory_app;
