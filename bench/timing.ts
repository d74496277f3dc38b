// Shared by the benchmark children: median and fastest of repeated runs (after the caller's warm-up), in seconds.
export async function timeRuns(runs: number, once: () => Promise<unknown>): Promise<{ median: number; min: number; runs: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, runs };
}

/**
 * Runs `job` once on `source` (also the warm-up) while recording every statement it sends, so a benchmark can replay
 * exactly those statements raw on the same connection: the floor a job is compared with.
 */
export async function recordStatements<S extends { execute: (p: P, o?: never) => Promise<unknown> }, P>(
  source: S,
  job: () => Promise<unknown>,
): Promise<P[]> {
  const statements: P[] = [];
  const execute = source.execute.bind(source);
  source.execute = async (prepared: P, opts?: never) => {
    statements.push(prepared);
    return execute(prepared, opts);
  };
  try {
    await job();
  } finally {
    source.execute = execute;
  }
  return statements;
}
