import { DescribeEndpointCommand, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { awsClientConfig, sleep as realSleep, withRetry } from './aws';
import { InputError, ServiceError } from './errors';

export interface VariantState {
  name: string;
  currentWeight: number;
  desiredWeight: number;
  instances: number;
}

export interface EndpointState {
  name: string;
  status: string;
  variants: VariantState[];
}

export interface SageMakerDeps {
  client?: SageMakerClient;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const clientOf = (deps: SageMakerDeps) => deps.client ?? new SageMakerClient(awsClientConfig());

/**
 * An endpoint's status and production variants (weights, instance counts).
 * @throws InputError for an endpoint SageMaker does not know; ServiceError when the call fails after its retries.
 */
export async function describeEndpoint(name: string, deps: SageMakerDeps & { deadline?: number } = {}): Promise<EndpointState> {
  try {
    const out = await withRetry((s) => clientOf(deps).send(new DescribeEndpointCommand({ EndpointName: name }), { abortSignal: s }), {
      sleep: deps.sleep,
      deadline: deps.deadline,
      what: `SageMaker DescribeEndpoint ${name}`,
    });
    return {
      name,
      status: out.EndpointStatus ?? 'Unknown',
      variants: (out.ProductionVariants ?? []).map((v) => ({
        name: v.VariantName ?? '?',
        currentWeight: v.CurrentWeight ?? 0,
        desiredWeight: v.DesiredWeight ?? v.CurrentWeight ?? 0,
        instances: v.CurrentInstanceCount ?? 0,
      })),
    };
  } catch (e) {
    const err = e as Error;
    if (err.name === 'ValidationException' && /could not find endpoint/i.test(err.message))
      throw new InputError(`endpoint ${name}`, 'SageMaker has no such endpoint');
    throw new ServiceError(`DescribeEndpoint ${name} failed: ${err.name}: ${err.message}`, { cause: e });
  }
}

/** Sets variant weights (UpdateEndpointWeightsAndCapacities). @throws ServiceError when the call fails after its retries. */
export async function updateWeights(
  name: string,
  weights: Record<string, number>,
  deps: SageMakerDeps & { deadline?: number } = {},
): Promise<void> {
  try {
    await withRetry(
      (s) =>
        clientOf(deps).send(
          new UpdateEndpointWeightsAndCapacitiesCommand({
            EndpointName: name,
            DesiredWeightsAndCapacities: Object.entries(weights).map(([VariantName, DesiredWeight]) => ({ VariantName, DesiredWeight })),
          }),
          { abortSignal: s },
        ),
      { sleep: deps.sleep, deadline: deps.deadline, what: `SageMaker UpdateEndpointWeightsAndCapacities ${name}` },
    );
  } catch (e) {
    throw new ServiceError(`UpdateEndpointWeightsAndCapacities ${name} failed: ${(e as Error).name}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** Polls until the endpoint is InService again or the timeout passes; returns the last state seen either way. */
export async function waitInService(
  name: string,
  timeoutMs: number,
  deps: SageMakerDeps & { pollMs?: number } = {},
): Promise<{ state: EndpointState; inService: boolean }> {
  const now = deps.now ?? (() => Date.now());
  const wait = deps.sleep ?? ((ms: number) => realSleep(ms));
  const until = now() + timeoutMs;
  let last: EndpointState | null = null;
  for (;;) {
    // Each poll is bounded by what is left of the wait: a hung endpoint cannot hold the command past --timeout.
    let state: EndpointState;
    try {
      state = await describeEndpoint(name, { ...deps, deadline: Date.now() + Math.max(1, until - now()) });
    } catch (e) {
      if (last && now() >= until) return { state: last, inService: false }; // out of time: the last state seen
      throw e;
    }
    last = state;
    if (state.status === 'InService') return { state, inService: true };
    if (state.status === 'Failed') return { state, inService: false };
    if (now() >= until) return { state, inService: false };
    await wait(deps.pollMs ?? 15_000);
  }
}
