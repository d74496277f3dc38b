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
