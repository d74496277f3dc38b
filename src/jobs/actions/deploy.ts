// Acting on findings (issue 9): canary steps and rollback of a SageMaker endpoint, each checked, dry-run by default,
// locked per endpoint, audited and announced. The rollback path imports only the SageMaker calls and the audit log, so
// it works when analysis or report code is broken; the re-evaluation after a rollback is loaded only afterwards.
import { AuditLog, awsActor, takeoverRecord } from '../../pipeline/audit';
import { acquireLock } from '../../pipeline/lock';
import { InputError } from '../../pipeline/errors';
import { notifyWebhook } from '../../pipeline/notify';
import { describeEndpoint, updateWeights, waitInService, type EndpointState, type SageMakerDeps } from '../../pipeline/sagemaker';

/** The canary ladder (US-1.2): the share of traffic the canary variant gets at each step. */
export const CANARY_STEPS = [1, 10, 50, 100] as const;

export interface DeployDeps extends SageMakerDeps {
  audit?: AuditLog;
  /** Posts a Slack-compatible message; defaults to MANGALAB_WEBHOOK_URL through fetch when set. */
  notify?: (text: string) => Promise<void>;
  lockDir?: string;
  /** Resolves who acts (default: the AWS caller identity, see awsActor). */
  who?: () => Promise<string>;
}

export interface VariantRoles {
  canary: string;
  baseline: string;
}

/** The canary and baseline variants: the one named like "canary" and the other, unless given. @throws InputError. */
export function variantRoles(state: EndpointState, given: Partial<VariantRoles> = {}): VariantRoles {
  if (state.variants.length !== 2)
    throw new InputError(
      `endpoint ${state.name}`,
      `needs exactly two production variants (baseline and canary), has ${state.variants.length}: ${state.variants.map((v) => v.name).join(', ') || 'none'}`,
    );
  const canary = given.canary ?? state.variants.find((v) => /canary/i.test(v.name))?.name;
  if (!canary || !state.variants.some((v) => v.name === canary))
    throw new InputError(
      `endpoint ${state.name}`,
      `has no canary variant${given.canary ? ` named ${given.canary}` : ' (a variant named like "canary"; or pass --canary-variant)'}: ${state.variants.map((v) => v.name).join(', ')}`,
    );
  const baseline = given.baseline ?? state.variants.find((v) => v.name !== canary)!.name;
  if (!state.variants.some((v) => v.name === baseline) || baseline === canary)
    throw new InputError(`endpoint ${state.name}`, `has no baseline variant named ${baseline}`);
  return { canary, baseline };
}

/** The canary's share of traffic in percent (rounded), from the current weights. */
export function canaryShare(state: EndpointState, roles: VariantRoles): number {
  const total = state.variants.reduce((s, v) => s + v.currentWeight, 0);
  const c = state.variants.find((v) => v.name === roles.canary)!.currentWeight;
  return total > 0 ? Math.round((c / total) * 100) : 0;
}

export interface ActionResult {
  plan: string;
  changed: boolean;
  outcome: 'dry-run' | 'completed' | 'timed-out' | 'unchanged';
  state: EndpointState;
  auditSeq: number | null;
}

/** What the registry's gate says of the version a variant serves: what goes into the audit record. */
export interface VersionApproval {
  evalRunId: string | null;
  evalPassed: boolean;
  details: Record<string, unknown>;
}

interface Evidence {
  /** A healthy canary verdict (its summary), or null when there is none. */
  verdict: { healthy: boolean; summary: string } | null;
  /**
   * The registry's gate for the version the canary variant serves (src/jobs/registry: a passing evaluation run, or an
   * override); it throws to refuse. Asked at every step, dry runs included.
   */
  approve: (canaryVariant: string) => Promise<VersionApproval>;
  override?: string;
  ticket?: string;
}

/**
 * `mangalab deploy canary ENDPOINT --to N`: checks the preconditions (endpoint InService, both variants present, the
 * step forward on the ladder), requires a healthy canary verdict past 1% (or an override reason, recorded), prints the
 * plan, and with `yes` sets the weights, waits for InService (timeout), audits and notifies.
 * @throws InputError when a precondition fails, naming it; nothing is changed then.
 */
export async function canaryStep(
  endpoint: string,
  to: number,
  evidence: Evidence,
  options: { yes?: boolean; timeoutMs?: number; roles?: Partial<VariantRoles> } = {},
  deps: DeployDeps = {},
): Promise<ActionResult> {
  if (!(CANARY_STEPS as readonly number[]).includes(to))
    throw new InputError('--to', `must be one of ${CANARY_STEPS.join(', ')} (percent of traffic to the canary), got ${to}`);
  const state = await describeEndpoint(endpoint, deps);
  const roles = variantRoles(state, options.roles);
  const from = canaryShare(state, roles);
  if (to === from)
    return {
      plan: `${endpoint}: the canary already has ${to}% of traffic; nothing to change.`,
      changed: false,
      outcome: 'unchanged',
      state,
      auditSeq: null,
    };
  if (to < from) throw new InputError('--to', `${to}% is a step backwards from the canary's ${from}%; use mangalab deploy rollback`);
  if (state.status !== 'InService')
    throw new InputError(`endpoint ${endpoint}`, `is ${state.status}, not InService: wait for the current update to finish`);
  const approval = await evidence.approve(roles.canary);
  if (to > 1 && !evidence.verdict?.healthy && !evidence.override) {
    throw new InputError(
      `endpoint ${endpoint}`,
      `promotion past 1% needs a healthy canary verdict (${evidence.verdict ? evidence.verdict.summary : 'none available'}); or --override "reason"`,
    );
  }
  const weights = { [roles.canary]: to / 100, [roles.baseline]: (100 - to) / 100 };
  const plan =
    `${endpoint}: canary ${roles.canary} ${from}% -> ${to}%, baseline ${roles.baseline} ${100 - from}% -> ${100 - to}%` +
    `${evidence.override ? ` (override: ${evidence.override})` : evidence.verdict ? ` (verdict: ${evidence.verdict.summary})` : ''}.`;
  if (!options.yes)
    return { plan: `Dry run: ${plan} Run again with --yes to apply.`, changed: false, outcome: 'dry-run', state, auditSeq: null };
  return apply(
    endpoint,
    'canary',
    weights,
    plan,
    {
      old: `${from}%`,
      new: `${to}%`,
      why: evidence.override ?? evidence.verdict?.summary ?? null,
      ticket: evidence.ticket ?? null,
      override: evidence.override ?? null,
      approval,
    },
    options.timeoutMs,
    deps,
  );
}

/**
 * `mangalab deploy rollback ENDPOINT`: all traffic back to the baseline variant, at once, whatever the canary's share.
 * Refuses only what SageMaker would refuse (an endpoint not InService, a missing variant); re-running it when the
 * baseline already has everything changes nothing.
 */
export async function rollback(
  endpoint: string,
  options: { yes?: boolean; timeoutMs?: number; why?: string; ticket?: string; roles?: Partial<VariantRoles> } = {},
  deps: DeployDeps = {},
): Promise<ActionResult> {
  const state = await describeEndpoint(endpoint, deps);
  const roles = variantRoles(state, options.roles);
  const from = canaryShare(state, roles);
  if (from === 0)
    return {
      plan: `${endpoint}: the baseline ${roles.baseline} already has all traffic; nothing to change.`,
      changed: false,
      outcome: 'unchanged',
      state,
      auditSeq: null,
    };
  if (state.status !== 'InService')
    throw new InputError(
      `endpoint ${endpoint}`,
      `is ${state.status}, not InService: SageMaker refuses weight changes until the update finishes`,
    );
  const plan = `${endpoint}: roll back, canary ${roles.canary} ${from}% -> 0%, baseline ${roles.baseline} ${100 - from}% -> 100%.`;
  if (!options.yes)
    return { plan: `Dry run: ${plan} Run again with --yes to apply.`, changed: false, outcome: 'dry-run', state, auditSeq: null };
  return apply(
    endpoint,
    'rollback',
    { [roles.canary]: 0, [roles.baseline]: 1 },
    plan,
    { old: `${from}%`, new: '0%', why: options.why ?? null, ticket: options.ticket ?? null, override: null },
    options.timeoutMs,
    deps,
  );
}

async function apply(
  endpoint: string,
  action: string,
  weights: Record<string, number>,
  plan: string,
  record: { old: string; new: string; why: string | null; ticket: string | null; override: string | null; approval?: VersionApproval },
  timeoutMs = 10 * 60_000,
  deps: DeployDeps = {},
): Promise<ActionResult> {
  const audit = deps.audit ?? new AuditLog();
  const component = `sagemaker:${endpoint}`;
  const base = {
    component,
    why: record.why,
    ticket: record.ticket,
    evalRunId: record.approval?.evalRunId ?? null,
    evalPassed: record.approval?.evalPassed ?? null,
  };
  const version = record.approval?.details ?? {};
  const name = `endpoint-${endpoint}`;
  const lock = acquireLock(name, {
    dir: deps.lockDir,
    action: `deploy ${action} on ${endpoint}: ${plan}`,
    // A holder that died (kill -9, a crash) left its lock: the takeover is audited with what it had done.
    onTakeover: (stale, file) => audit.append(takeoverRecord(name, stale, file)),
    // Ctrl-C or SIGTERM mid-action: say in the audit trail how far it got before the lock goes.
    onInterrupt: (holder, signal) =>
      audit.append({
        ...base,
        action,
        old: record.old,
        new: record.new,
        outcome: 'interrupted',
        details: { signal, weights, steps: holder.steps, note: 'interrupted: the endpoint may be updating; run deploy status' },
      }),
  });
  try {
    const deadline = Date.now() + timeoutMs;
    let waited: Awaited<ReturnType<typeof waitInService>>;
    try {
      lock.step(`weights requested: ${JSON.stringify(weights)}`);
      await updateWeights(endpoint, weights, { ...deps, deadline });
      lock.step('weights accepted by SageMaker; waiting for InService');
      waited = await waitInService(endpoint, Math.max(0, deadline - Date.now()), deps);
    } catch (e) {
      // A service that failed or never answered: the trail says how far the action got, the message what to check.
      const steps = [...lock.holder.steps];
      const accepted = steps.some((x) => x.startsWith('weights accepted'));
      audit.append({
        ...base,
        action,
        old: record.old,
        new: record.new,
        outcome: 'failed',
        details: { weights, steps, error: (e as Error).message, ...version },
      });
      (e as Error).message =
        `${(e as Error).message}. ${accepted ? 'The new weights were accepted; the endpoint may still be updating' : 'The weight change may or may not have reached SageMaker'}: check with mangalab deploy status ${endpoint} (audited as failed).`;
      throw e;
    }
    const { state, inService } = waited;
    const outcome = inService ? 'completed' : 'timed-out';
    const entry = audit.append({
      ...base,
      who: await (deps.who ?? awsActor)(),
      action,
      old: record.old,
      new: record.new,
      outcome,
      details: { weights, status: state.status, variants: state.variants, override: record.override, ...version },
    });
    const text = `${inService ? '' : 'NOT IN SERVICE YET: '}${plan} ${inService ? 'Endpoint InService.' : `Endpoint is ${state.status} after ${Math.round(timeoutMs / 1000)} s; weights were changed.`} Audit #${entry.seq}.`;
    await (deps.notify ?? notifyWebhook)(text);
    return { plan: text, changed: true, outcome, state, auditSeq: entry.seq };
  } finally {
    lock.release();
  }
}
