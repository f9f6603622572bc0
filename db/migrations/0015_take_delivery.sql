-- A webhook delivery taken in one statement, its transaction of its own (hand-written): it becomes
-- imagefactory_app and the delivery's tenant for that transaction only, as withTenant would, makes the
-- tenant's row when there is none yet (named after its id, as insertTenantIfMissing does), and inserts the
-- delivery's row unless there is one: true when this call inserted it (this process handles the delivery).
-- Called where a tenant is already set (inside a transaction of withTenant) it refuses rather than switch it.
CREATE FUNCTION take_delivery(delivery_tenant_id text, delivery_guid text, delivery_event text, delivery_handled_by text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
DECLARE
  inserted integer;
BEGIN
  IF coalesce(current_setting('imagefactory.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'takeDelivery runs in a transaction of its own, not inside withTenant (tenant % is set on this transaction)',
      current_setting('imagefactory.tenant_id', true);
  END IF;
  IF coalesce(delivery_tenant_id, '') = '' THEN
    RAISE EXCEPTION 'takeDelivery needs a tenant id';
  END IF;
  PERFORM set_config('role', 'imagefactory_app', true), set_config('imagefactory.tenant_id', delivery_tenant_id, true);
  INSERT INTO tenants (id, name) VALUES (delivery_tenant_id, delivery_tenant_id) ON CONFLICT DO NOTHING;
  INSERT INTO webhook_deliveries (tenant_id, guid, event, status, handled_by)
    VALUES (delivery_tenant_id, delivery_guid, delivery_event, 'handling', delivery_handled_by) ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  RETURN inserted = 1;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION take_delivery(text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION take_delivery(text, text, text, text) TO imagefactory_app;
