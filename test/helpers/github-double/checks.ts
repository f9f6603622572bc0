import type { AppApi } from './app.js';
import { lower, NOT_FOUND, type Feature, type RouteAnswer, type RouteContext } from './core.js';

/** GitHub's limits on a check run (REST API "Create a check run"). */
const MAX_OUTPUT_CHARS = 65_535;
const MAX_ACTIONS = 3;
const MAX_ANNOTATIONS = 50;
const ANNOTATION_LEVELS = ['notice', 'warning', 'failure'];
const ACTION_LIMITS = { label: 20, identifier: 20, description: 40 } as const;
const STATUSES = ['queued', 'in_progress', 'completed'];
/** Only GitHub Actions may set these. */
const ACTIONS_ONLY_STATUSES = ['waiting', 'requested', 'pending'];
const CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'];

export interface CheckRunAction {
  label: string;
  identifier: string;
  description: string;
}

/** An annotation of a check run (GitHub's fields). */
export interface CheckRunAnnotationRecord {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: string;
  message: string;
  title?: string;
}

/** A check run as the double keeps it (GitHub's fields, snake_case). */
export interface CheckRunRecord {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  external_id: string | null;
  details_url: string | null;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  actions: CheckRunAction[];
  /** Every annotation the run was given, in order: each request's are added to those already there. */
  annotations: CheckRunAnnotationRecord[];
  app_id: number;
  installation_id: number;
}

/** One state a check run went through: after its creation, or after an update. */
export type CheckRunState = CheckRunRecord & { via: 'create' | 'update' };

export interface ChecksApi {
  /** The check runs created, oldest first, as they are now; optionally those of one repository or name. */
  checkRuns(filter?: { repository?: string; name?: string; headSha?: string }): CheckRunRecord[];
  /** Every state a check run went through, in order: its creation, then each update. */
  checkRunStates(id: number): CheckRunState[];
  /** From now on every check-runs request is answered with `status` (a 503 outage), until called with undefined. */
  failCheckRuns(status: number | undefined): void;
  /** The check-runs requests answered with a failure status so far. */
  failedCheckRunRequests(): number;
}

const invalid = (detail: string): RouteAnswer => [422, { message: `Invalid request.\n\n${detail}`, documentation_url: 'https://docs.github.com/rest/checks/runs' }];
const isoSeconds = (value: string) => new Date(Math.floor(Date.parse(value) / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');

/** What GitHub refuses in a create or update body, or undefined. */
function problem(body: Record<string, unknown>, creating: boolean): string | undefined {
  if (creating && (typeof body.name !== 'string' || body.name === '')) return "For 'properties/name', a name is required.";
  if (creating && (typeof body.head_sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.head_sha))) return "For 'properties/head_sha', a 40-character commit sha is required.";
  if (body.status !== undefined) {
    if (ACTIONS_ONLY_STATUSES.includes(body.status as string)) return `Only GitHub Actions can set a status of ${String(body.status)}.`;
    if (!STATUSES.includes(body.status as string)) return `For 'properties/status', ${JSON.stringify(body.status)} is not a member of ${JSON.stringify(STATUSES)}.`;
  }
  if (body.conclusion !== undefined && !CONCLUSIONS.includes(body.conclusion as string)) {
    return `For 'properties/conclusion', ${JSON.stringify(body.conclusion)} is not a member of ${JSON.stringify(CONCLUSIONS)}.`;
  }
  if (body.status === 'completed' && body.conclusion === undefined) return 'A conclusion is required when the status is completed.';
  for (const field of ['started_at', 'completed_at'] as const) {
    const v = body[field];
    if (v !== undefined && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v)))) return `For 'properties/${field}', ${JSON.stringify(v)} is not an ISO 8601 timestamp.`;
  }
  const output = body.output as Record<string, unknown> | undefined;
  if (output !== undefined) {
    if (typeof output.title !== 'string' || typeof output.summary !== 'string') return "For 'properties/output', title and summary are required.";
    for (const field of ['summary', 'text'] as const) {
      const v = output[field];
      if (typeof v === 'string' && v.length > MAX_OUTPUT_CHARS) return `output.${field} is too long (maximum is ${MAX_OUTPUT_CHARS} characters).`;
    }
  }
  const annotations = (output as { annotations?: unknown } | undefined)?.annotations;
  if (annotations !== undefined) {
    if (!Array.isArray(annotations)) return "For 'properties/annotations', an array is required.";
    if (annotations.length > MAX_ANNOTATIONS) return `output.annotations: at most ${MAX_ANNOTATIONS} annotations per request (got ${annotations.length}); add more with updates.`;
    for (const a of annotations as Record<string, unknown>[]) {
      if (typeof a.path !== 'string' || typeof a.message !== 'string' || !Number.isInteger(a.start_line) || !Number.isInteger(a.end_line)) return 'An annotation needs path, start_line, end_line and message.';
      if (!ANNOTATION_LEVELS.includes(a.annotation_level as string)) return `For 'items/annotation_level', ${JSON.stringify(a.annotation_level)} is not a member of ${JSON.stringify(ANNOTATION_LEVELS)}.`;
      if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) return 'start_column and end_column may only be given when start_line and end_line are the same.';
    }
  }
  const actions = body.actions as CheckRunAction[] | undefined;
  if (actions !== undefined) {
    if (!Array.isArray(actions)) return "For 'properties/actions', an array is required.";
    if (actions.length > MAX_ACTIONS) return `A check run may have at most ${MAX_ACTIONS} actions.`;
    for (const a of actions) {
      for (const [field, max] of Object.entries(ACTION_LIMITS)) {
        const v = (a as unknown as Record<string, unknown>)[field];
        if (typeof v !== 'string' || v === '') return `For 'items/${field}', a value is required.`;
        if (v.length > max) return `actions ${field} ${JSON.stringify(v)} is too long (maximum is ${max} characters).`;
      }
    }
  }
  return undefined;
}

/**
 * Check runs (POST /repos/{o}/{r}/check-runs, PATCH /repos/{o}/{r}/check-runs/{id}, GET
 * /repos/{o}/{r}/commits/{ref}/check-runs), for an installation of the App only, with GitHub's validation
 * of statuses, conclusions and limits. A conclusion completes a run; a completed run never goes back to
 * queued or in progress (GitHub keeps it completed), which the double refuses so a test sees the mistake.
 */
export function checks(app: Pick<AppApi, 'app' | 'installationOf'>): Feature<ChecksApi> {
  const runs: CheckRunRecord[] = [];
  const states = new Map<number, CheckRunState[]>();
  let failing: number | undefined;
  let failures = 0;
  let nextId = 7_000_001;

  /** The installation the request acts as, or the refusal. */
  function gate(ctx: RouteContext): number | RouteAnswer {
    if (failing !== undefined) {
      failures++;
      return [failing, { message: 'Service Unavailable' }];
    }
    if (!ctx.headers.authorization) return [401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' }];
    const installation = app.installationOf(ctx.headers.authorization);
    return installation ?? [403, { message: 'You must authenticate via a GitHub App.', documentation_url: 'https://docs.github.com/rest/checks/runs' }];
  }

  const view = (r: CheckRunRecord) => ({
    id: r.id,
    name: r.name,
    head_sha: r.head_sha,
    external_id: r.external_id,
    details_url: r.details_url,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.started_at,
    completed_at: r.completed_at,
    output: { ...r.output, annotations_count: r.annotations.length },
    app: { id: r.app_id },
    pull_requests: [],
  });

  function apply(run: CheckRunRecord, body: Record<string, unknown>): void {
    for (const field of ['name', 'external_id', 'details_url'] as const) if (typeof body[field] === 'string') run[field] = body[field] as string;
    if (typeof body.started_at === 'string') run.started_at = isoSeconds(body.started_at);
    if (body.conclusion !== undefined) {
      run.status = 'completed';
      run.conclusion = body.conclusion as string;
      run.completed_at = isoSeconds(typeof body.completed_at === 'string' ? body.completed_at : new Date().toISOString());
    } else if (typeof body.status === 'string') run.status = body.status;
    const output = body.output as { title: string; summary: string; text?: string } | undefined;
    if (output) run.output = { title: output.title, summary: output.summary, text: output.text ?? null };
    const annotations = (output as { annotations?: CheckRunAnnotationRecord[] } | undefined)?.annotations;
    if (annotations) run.annotations.push(...annotations.map((a) => ({ ...a })));
    if (Array.isArray(body.actions)) run.actions = (body.actions as CheckRunAction[]).map((a) => ({ label: a.label, identifier: a.identifier, description: a.description }));
  }

  const record = (run: CheckRunRecord, via: CheckRunState['via']) => states.get(run.id)!.push({ ...structuredClone(run), via });

  return {
    api: {
      checkRuns: (f = {}) =>
        runs.filter((r) => (!f.repository || lower(r.owner, r.repo) === f.repository.toLowerCase()) && (!f.name || r.name === f.name) && (!f.headSha || r.head_sha === f.headSha)).map((r) => structuredClone(r)),
      checkRunStates: (id) => structuredClone(states.get(id) ?? []),
      failCheckRuns: (status) => void (failing = status),
      failedCheckRunRequests: () => failures,
    },
    routes: [
      {
        method: 'POST',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/,
        handle: (ctx) => {
          const installation = gate(ctx);
          if (typeof installation !== 'number') return installation;
          const body = (ctx.body ?? {}) as Record<string, unknown>;
          const refused = problem(body, true);
          if (refused) return invalid(refused);
          const run: CheckRunRecord = {
            id: nextId++,
            owner: ctx.match[1],
            repo: ctx.match[2],
            name: body.name as string,
            head_sha: body.head_sha as string,
            external_id: null,
            details_url: null,
            status: 'queued',
            conclusion: null,
            started_at: isoSeconds(new Date().toISOString()),
            completed_at: null,
            output: { title: null, summary: null, text: null },
            actions: [],
            annotations: [],
            app_id: app.app.id,
            installation_id: installation,
          };
          apply(run, body);
          runs.push(run);
          states.set(run.id, []);
          record(run, 'create');
          return [201, view(run)];
        },
      },
      {
        method: 'PATCH',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/,
        handle: (ctx) => {
          const installation = gate(ctx);
          if (typeof installation !== 'number') return installation;
          const run = runs.find((r) => r.id === Number(ctx.match[3]) && lower(r.owner, r.repo) === lower(ctx.match[1], ctx.match[2]));
          if (!run || run.installation_id !== installation) return [404, NOT_FOUND];
          const body = (ctx.body ?? {}) as Record<string, unknown>;
          const refused = problem(body, false);
          if (refused) return invalid(refused);
          if (run.status === 'completed' && body.conclusion === undefined && body.status !== undefined && body.status !== 'completed') {
            return invalid(`check run ${run.id} is completed (${run.conclusion}): it cannot return to ${String(body.status)}.`);
          }
          apply(run, body);
          record(run, 'update');
          return [200, view(run)];
        },
      },
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/check-runs$/,
        handle: (ctx) => {
          const installation = gate(ctx);
          if (typeof installation !== 'number') return installation;
          const [, owner, repo, ref] = ctx.match;
          const { check_name: name, status, app_id: appId, filter = 'latest' } = ctx.query;
          let found = runs
            .filter((r) => lower(r.owner, r.repo) === lower(owner, repo) && r.head_sha === ref)
            .filter((r) => (!name || r.name === name) && (!status || r.status === status) && (!appId || String(r.app_id) === appId))
            .reverse();
          if (filter === 'latest') found = found.filter((r, i) => found.findIndex((o) => o.name === r.name && o.app_id === r.app_id) === i);
          const perPage = Math.min(100, Number(ctx.query.per_page ?? 30));
          const page = Math.max(1, Number(ctx.query.page ?? 1));
          return [200, { total_count: found.length, check_runs: found.slice((page - 1) * perPage, page * perPage).map(view) }];
        },
      },
    ],
  };
}
