// The registry's gate at scale (issue 28): a results store with N evaluation runs (prompt versions 1.0 to 9.99 over
// seven intents, a tenth failing, a tenth on an older golden set), and the gate's evidence for 100 prompt versions,
// against the raw DuckDB SQL that selects the same runs. Prints JSON; docs/benchmarks.md keeps the figures.
// Usage: node --import tsx bench/registry-gate.ts WORKDIR [N]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { versionEvidence } from '../src/jobs/registry/registry';
import { Registry } from '../src/pipeline/registry-store';
import { ResultsStore } from '../src/pipeline/results-store';

const work = process.argv[2]!;
const n = Number(process.argv[3] ?? '100000');
const file = join(work, 'registry-gate.duckdb');
rmSync(file, { force: true });
const store = await ResultsStore.open(file);
const golden = { file: 'golden.jsonl', sha256: 'a'.repeat(64), version: 'golden-v2' };
const intents = ['recommendation', 'product_question', 'faq_simple', 'faq_complex', 'order_tracking', 'return_request', 'chitchat'];
await store.transaction(async (conn) => {
  await conn.run(
    `INSERT INTO eval_runs
     SELECT 'run-' || i, NULL, TIMESTAMP '2026-01-01' + INTERVAL (i) MINUTE, 'golden.jsonl',
            CASE WHEN i % 10 = 1 THEN 'golden-v1' ELSE 'golden-v2' END,
            CASE WHEN i % 10 = 1 THEN repeat('b', 64) ELSE repeat('a', 64) END,
            CASE WHEN i % 3 = 0 THEN NULL ELSE string_split($1, ',')[1 + (i % 7)::INT] END, 'file',
            printf('%d.%d', 1 + (i % 9), i % 100), NULL, '2026-11-22', 520, true, i % 10 <> 3, '{}',
            CASE WHEN i % 10 = 3 THEN '[{"metric":"intent_accuracy","status":"FAIL","blocking":true}]' ELSE '[]' END
     FROM range($2) t(i)`,
    [intents.join(','), n],
  );
});
const registry = new Registry(store);
const versions = Array.from({ length: 100 }, (_, k) => ({
  kind: 'prompt' as const,
  name: intents[k % 7]!,
  version: `${1 + (k % 9)}.${k}`,
  evalRunIds: [] as string[],
}));
const time = async (fn: () => Promise<unknown>) => {
  const best: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    await fn();
    best.push(performance.now() - t);
  }
  return Math.min(...best);
};
let approved = 0;
const gateMs = await time(async () => {
  approved = 0;
  for (const v of versions) if ((await versionEvidence(registry, { ...v, metadata: {} } as never, golden)).approved) approved++;
});
const rawMs = await time(() =>
  store.reading('eval_runs', 0, async (conn) => {
    for (const v of versions)
      await conn.runAndReadAll(
        `SELECT run_id FROM eval_runs WHERE regexp_replace(prompt_version, '^[vV]', '') = $1 AND (intent IS NULL OR intent = $2)
         AND complete AND passed AND dataset_sha256 = $3 ORDER BY created_at DESC LIMIT 1`,
        [v.version, v.name, golden.sha256],
      );
    return 0;
  }),
);
console.log(
  JSON.stringify({
    runs: n,
    versions: versions.length,
    approved,
    gateMsPerVersion: gateMs / versions.length,
    rawSqlMsPerVersion: rawMs / versions.length,
    ratio: gateMs / rawMs,
  }),
);
store.close();
rmSync(file, { force: true });
