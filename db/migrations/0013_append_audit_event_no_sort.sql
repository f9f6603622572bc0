-- append_audit_event reads the tenant's head as `ORDER BY seq DESC LIMIT 1`, which the unique index
-- (tenant_id, seq) answers by reading one entry backwards. Planned on a table not analyzed yet (new, or
-- grown fast since autovacuum last looked) the planner may instead fetch every row of the tenant and sort
-- them: each append then costs as much as the tenant has rows (1.1 ms at 3,000 rows, measured, against
-- 0.015 ms). No statement of the function needs a sort, so sorts are off while it runs (the setting is
-- restored when it returns): the backward index scan is then the only plan left, whatever the statistics say.
ALTER FUNCTION append_audit_event(text, timestamptz, text, text, text, text, text, text, jsonb, text, text) SET enable_sort = off;
