// `npm run bench`: seeds 1M and 10M-request warehouses, then measures the weekly Overview through mangalab against
// the same aggregates as raw DuckDB SQL (the floor) and in pandas, each in its own process (peak memory per run),
// all on this machine in this run. Writes docs/benchmarks.md. Sizes: BENCH_SIZES=1000000,10000000 (default).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRequire } from 'node:module';

const duckdbVersion = (createRequire(import.meta.url)('@duckdb/node-api/package.json') as { version: string }).version;

const sizes = (process.env.BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const work = resolve('bench/.work');
mkdirSync(work, { recursive: true });
const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';

function child(cmd: string, args: string[]): Record<string, number | string> {
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, CI: 'true' } });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}
const tsx = (script: string, ...args: string[]) => child(process.execPath, ['--import', 'tsx', script, ...args]);

const TOKENS = 'input_tokens, output_tokens, cache_read_tokens, cache_write_tokens';
/** CSV exports for pandas: only the columns each benchmark's pandas side reads. */
const EXPORTS: Record<'overview' | 'cost', [string, string][]> = {
  overview: [
    ['requests', `SELECT ts, latency_ms, is_error, escalated, guardrail_passed, model, ${TOKENS} FROM requests`],
    ['sessions', 'SELECT started_at FROM sessions'],
    ['feedback', 'SELECT ts, value FROM feedback'],
  ],
  cost: [
    [
      'requests',
      `SELECT trace_id, session_id, ts, intent, handler, model, user_type, region, escalated, budget_strategy, inference_type, ${TOKENS} FROM requests`,
    ],
    ['feedback', 'SELECT trace_id, ts, value FROM feedback'],
  ],
};

async function exportCsv(db: string, dir: string, copies: [string, string][]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  for (const [name, sql] of copies) await conn.run(`COPY (${sql}) TO '${join(dir, `${name}.csv`)}' (FORMAT csv, HEADER true)`);
  conn.closeSync();
  instance.closeSync();
}

type Result = Record<string, number | string>;

/**
 * Runs two sides' child processes alternately, `rounds` times each (a, b, a, b, ...), so drift in the machine between
 * processes falls on both; each side's median is the median of its processes' medians, its memory the largest.
 */
function alternate(rounds: number, a: () => Result, b: () => Result): [Result, Result] {
  const runs: [Result[], Result[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    runs[0].push(a());
    runs[1].push(b());
  }
  const combine = (rs: Result[]): Result => {
    const medians = rs.map((r) => Number(r.median)).sort((x, y) => x - y);
    return {
      ...rs[0]!,
      median: medians[Math.floor(medians.length / 2)]!,
      min: Math.min(...rs.map((r) => Number(r.min))),
      maxRssMb: Math.max(...rs.map((r) => Number(r.maxRssMb))),
      processes: rs.length,
    };
  };
  return [combine(runs[0]), combine(runs[1])];
}

/**
 * A comparison is only a comparison if every side computed the same numbers: stops the run, naming the metric and
 * the sides, when two differ beyond floating-point noise (relative 1e-9).
 */
function checkSameValues(what: string, sides: Record<string, Result>): void {
  const [first, ...others] = Object.entries(sides);
  const base = first![1].values as unknown as Record<string, number | null>;
  for (const [name, side] of others) {
    const values = side.values as unknown as Record<string, number | null>;
    for (const [metric, v] of Object.entries(base)) {
      const w = values[metric];
      const same = v === null || w === null || w === undefined ? v === w : Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v));
      if (!same)
        throw new Error(`${what}: ${metric} is ${v} in ${first![0]} but ${w} in ${name}; the benchmark compares different computations`);
    }
  }
}
interface Exp {
  comparisons1000Ms: number;
  readout: { rawSeconds: number; refreshSeconds: number; rollupSeconds: number; sessions: number };
  maxRssMb: number;
}
/** bench/deck-child.ts's line: the scheduled and the cold run, one pass by stage, output sizes in bytes. */
interface DeckResult {
  medianS: number;
  coldS: number;
  stages: Record<string, number>;
  /** Engine seconds per statement (query file, or scratch table) in the stage-by-stage pass. */
  engine: Record<string, number>;
  sizes: { deckHtml: number; reportHtml: number; deckPdf: number; reportJson: number };
  maxRssMb: number;
}
interface Row {
  size: number;
  seed: Result;
  ours: Result;
  raw: Result;
  pandas: Result;
  cost: { ours: Result; raw: Result; pandas: Result };
  exp: Exp;
  deck: DeckResult;
  drift: { medianS: number; maxRssMb: number };
  errors: { ours: Result; raw: Result };
}
const rows: Row[] = [];
for (const size of sizes) {
  const db = join(work, `w${size}.duckdb`);
  process.stderr.write(`bench: seeding ${size} requests\n`);
  const seed = tsx('bench/seed-child.ts', db, String(size));
  const csv = join(work, `csv${size}`);
  await exportCsv(db, csv, EXPORTS.overview);
  process.stderr.write(`bench: overview at ${size}\n`);
  const runs = size >= 5_000_000 ? '5' : '9';
  const [raw, ours] = alternate(
    3,
    () => tsx('bench/overview-child.ts', db, 'raw', runs),
    () => tsx('bench/overview-child.ts', db, 'mangalab', runs),
  );
  process.stderr.write(`bench: pandas at ${size}\n`);
  const pandas = child(python, ['bench/pandas_overview.py', csv, 'config/prices.json', size >= 5_000_000 ? '3' : '5']);
  checkSameValues(`Overview at ${size}`, { mangalab: ours, raw, pandas });
  process.stderr.write(`bench: experiment readout at ${size}\n`);
  const exp = tsx('bench/experiments.ts', db) as unknown as Row['exp'];
  process.stderr.write(`bench: cost readout at ${size}\n`);
  const costCsv = join(work, `costcsv${size}`);
  await exportCsv(db, costCsv, EXPORTS.cost);
  const cost = {
    raw: tsx('bench/cost-child.ts', db, 'raw', runs),
    ours: tsx('bench/cost-child.ts', db, 'mangalab', runs),
    pandas: child(python, ['bench/pandas_cost.py', costCsv, 'config/prices.json', size >= 5_000_000 ? '3' : '5']),
  };
  rmSync(costCsv, { recursive: true, force: true });
  process.stderr.write(`bench: weekly deck at ${size}\n`);
  const deck = tsx('bench/deck-child.ts', db) as unknown as DeckResult;
  process.stderr.write(`bench: daily drift job at ${size}\n`);
  const drift = tsx('bench/drift-child.ts', db) as { medianS: number; maxRssMb: number };
  process.stderr.write(`bench: weekly error analysis at ${size}\n`);
  const errors = { raw: tsx('bench/errors-child.ts', db, 'raw'), ours: tsx('bench/errors-child.ts', db, 'mangalab') };
  rows.push({ size, seed, ours, raw, pandas, cost, exp, deck, drift, errors });
}

// Each notebook executed headlessly on the 1M warehouse, timed from the outside (kernel start included).
process.stderr.write('bench: notebooks\n');
const notebookTimes = readdirSync('notebooks')
  .filter((f) => f.endsWith('.ipynb'))
  .sort()
  .map((name) => {
    const t = performance.now();
    execFileSync(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=300', name, '--output', join(work, `nb-${name}`)],
      {
        cwd: 'notebooks',
        stdio: 'pipe',
        env: {
          ...process.env,
          MANGALAB_SOURCE: join(work, 'w1000000.duckdb'),
          PATH: [resolve('node_modules/.bin'), process.env.PATH].join(delimiter),
        },
      },
    );
    return { name, seconds: (performance.now() - t) / 1000 };
  });
process.stderr.write('bench: KS 1M against 1M\n');
const ksFile = join(work, 'ks.bin');
tsx('bench/ks-child.ts', 'write', ksFile);
const ksOurs = tsx('bench/ks-child.ts', 'run', ksFile) as { median: number; statistic: number; pValue: number };
const ksScipy = child(python, ['bench/scipy_ks.py', ksFile]) as unknown as {
  median: number;
  statistic: number;
  pValue: number;
  version: string;
};
const agreementFile = join(work, 'agreement.f64');
tsx('bench/agreement-child.ts', 'write', agreementFile);
const agOurs = tsx('bench/agreement-child.ts', 'run', agreementFile) as unknown as {
  kappaS: number;
  spearmanS: number;
  kappa: number;
  rho: number;
  pValue: number;
};
const agRef = child(python, ['bench/sklearn_agreement.py', agreementFile]) as unknown as {
  kappaS: number;
  spearmanS: number;
  kappa: number;
  rho: number;
  pValue: number;
  sklearn: string;
  scipy: string;
};
rmSync(ksFile, { force: true });
process.stderr.write('bench: golden-set metrics\n');
const ev = tsx('bench/eval-child.ts') as Record<string, number>;
process.stderr.write('bench: chunking grid\n');
const ch = tsx('bench/chunks-child.ts') as unknown as {
  documents: number;
  queries: number;
  corpusTokens: number;
  gridMedianS: number;
  bm25MedianS: number;
  scipyBm25MedianS: number;
  maxRssMb: number;
  indexing: { config: string; chunks: number; seconds: number; tokensPerSecond: number }[];
};

// The 10M-session experiment: the largest seeded warehouse with its experiment's sessions copied five times over.
// Last, so its 5 GB of writes do not disturb the small timings above.
let scaled: { build: { seconds: number; sessions: number; requests: number }; exp: Exp } | null = null;
if (sizes.includes(10_000_000)) {
  process.stderr.write('bench: building the 10M-session experiment warehouse\n');
  const db = join(work, 'wx5.duckdb');
  const build = tsx('bench/scale-child.ts', join(work, 'w10000000.duckdb'), db) as unknown as {
    seconds: number;
    sessions: number;
    requests: number;
  };
  process.stderr.write('bench: experiment readout over 10M sessions\n');
  scaled = { build, exp: tsx('bench/experiments.ts', db, '3') as unknown as Exp };
  rmSync(db, { force: true });
}

const n = (v: number | string | undefined, d = 3) => (v === undefined ? 'n/a' : Number(v).toFixed(d));
const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, @duckdb/node-api ${duckdbVersion}, pandas ${rows[0]?.pandas.version ?? '?'}. ` +
    'Every number comes from this one run; each measurement runs in its own process, so peak memory (max RSS) is per run.',
  '',
  '## Seeding the sample warehouse',
  '',
  '| requests | seconds | peak memory |',
  '| --- | --- | --- |',
  ...rows.map((r) => `| ${Number(r.seed.requests).toLocaleString('en-US')} | ${n(r.seed.seconds, 1)} | ${n(r.seed.maxRssMb, 0)} MB |`),
  '',
  'Goal: 1M requests within 60 s.',
  '',
  '## Weekly Overview (2026-W46 against W45)',
  '',
  'mangalab: `resolveWeek` + the Overview part (`overviewReadout`, `overviewSections`) (queries/overview/time_range.sql and weekly_metrics.sql with its relations',
  'through the Source interface, results as Arrow, the section built). Raw DuckDB: the same aggregates hand-written in',
  'DuckDB SQL with the same algorithms (token sums per day and model priced afterwards, percentiles from latency value',
  'counts, counts per second) on the same connection, no mangalab code: the floor. pandas: the same aggregates',
  "(test/reference/weekly_overview.py) over in-memory frames; loading the CSV export is shown apart. The three sides'",
  'values for the week are checked equal in the run (bench/run.ts stops otherwise). Medians of repeated runs after one warm-up;',
  'mangalab and the floor each run in three processes taken in turn (raw, mangalab, raw, ...), the median of their medians shown.',
  '',
  '| requests | mangalab | raw DuckDB | mangalab / raw | pandas compute | pandas / mangalab | pandas CSV load | (load + compute) / mangalab | peak memory mangalab / raw / pandas |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => {
    const ratio = Number(r.ours.median) / Number(r.raw.median);
    const speedup = Number(r.pandas.median) / Number(r.ours.median);
    const withLoad = (Number(r.pandas.load) + Number(r.pandas.median)) / Number(r.ours.median);
    return `| ${r.size.toLocaleString('en-US')} | ${n(r.ours.median)} s | ${n(r.raw.median)} s | ${n(ratio, 2)}x | ${n(r.pandas.median)} s | ${n(speedup, 1)}x | ${n(r.pandas.load, 1)} s | ${n(withLoad, 1)}x | ${n(r.ours.maxRssMb, 0)} / ${n(r.raw.maxRssMb, 0)} / ${n(r.pandas.maxRssMb, 0)} MB |`;
  }),
  '',
  '## Against the goals',
  '',
  ...rows.flatMap((r) => {
    const ratio = Number(r.ours.median) / Number(r.raw.median);
    const speedup = Number(r.pandas.median) / Number(r.ours.median);
    const withLoad = (Number(r.pandas.load) + Number(r.pandas.median)) / Number(r.ours.median);
    const floor = Number(r.pandas.median) / Number(r.raw.median);
    return [
      `- ${r.size.toLocaleString('en-US')} requests: within 1.2x of raw DuckDB: **${ratio <= 1.2 ? 'met' : 'not met'}** (${n(ratio, 2)}x); ` +
        `5x faster than pandas on in-memory frames: **${speedup >= 5 ? 'met' : 'not met'}** (${n(speedup, 1)}x); ` +
        `with pandas loading the export counted: ${n(withLoad, 1)}x. The floor itself is ${n(floor, 1)}x faster than pandas on ` +
        `in-memory frames${floor < 5 ? ', so no code on top of it can reach 5x there' : ''}.`,
    ];
  }),
  ...rows
    .filter((r) => r.size === 1_000_000)
    .map((r) => `- Seeding 1M requests within 60 s: **${Number(r.seed.seconds) <= 60 ? 'met' : 'not met'}** (${n(r.seed.seconds, 1)} s).`),
  '',
  '## Drift and monitoring',
  '',
  'KS: `ksTwoSample` on two samples of 1,000,000 float64 values each (lognormal latencies to 0.1 ms, the second 2% slower; bench/ks-child.ts) against',
  `SciPy ${ksScipy.version} \`ks_2samp(a, b)\` (method auto, so asymptotic) on the same values (bench/scipy_ks.py); medians of 5 after a warm-up, each in its own process.`,
  '',
  '| | mangalab | SciPy | SciPy / mangalab | D (both) | p mangalab | p SciPy |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  `| KS 1M vs 1M | ${n(ksOurs.median)} s | ${n(ksScipy.median)} s | ${n(ksScipy.median / ksOurs.median, 2)}x | ${ksOurs.statistic === ksScipy.statistic ? n(ksOurs.statistic, 6) : `${n(ksOurs.statistic, 6)} / ${n(ksScipy.statistic, 6)}`} | ${ksOurs.pValue.toExponential(6)} | ${ksScipy.pValue.toExponential(6)} |`,
  '',
  "Daily drift job: `driftReport` for 2026-11-15 (bench/drift-child.ts): 13 threshold rules on the day's windows with trace ids, intent, numeric (three",
  'metrics, value counts) and embedding drift over the trailing week, classifier accuracy, retraining counts, LLM percentiles, canary and shadow.',
  '',
  '| requests | drift job (median of 3) | peak memory |',
  '| --- | --- | --- |',
  ...rows.map((r) => `| ${r.size.toLocaleString('en-US')} | ${n(r.drift.medianS, 2)} s | ${n(r.drift.maxRssMb, 0)} MB |`),
  '',
  `Goals: KS at least 2x faster than SciPy: **${ksScipy.median / ksOurs.median >= 2 ? 'met' : 'not met'}** (${n(ksScipy.median / ksOurs.median, 2)}x); ` +
    `the daily drift job over 10M requests under 10 s: **${rows.some((r) => r.size >= 10_000_000 && r.drift.medianS < 10) ? 'met' : 'not met'}**` +
    `${rows
      .filter((r) => r.size >= 10_000_000)
      .map((r) => ` (${n(r.drift.medianS, 2)} s)`)
      .join('')}.`,
  '',
  '## Error analysis and human evaluation',
  '',
  'Weekly error job: `errorsReport` for 2026-W46 (bench/errors-child.ts): negative signals of two weeks grouped by categorizer flags in the warehouse and',
  'categorized, impact, thumbs-up rates with Wilson intervals, the labelled sample, human-evaluation agreement, trend and calibration; against the same',
  'SQL statements replayed raw on the same connection (the floor). Medians of 3 after a warm-up.',
  '',
  '| requests | mangalab | raw DuckDB | mangalab / raw | statements | peak memory |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.size.toLocaleString('en-US')} | ${n(r.errors.ours.median, 3)} s | ${n(r.errors.raw.median, 3)} s | ${n(Number(r.errors.ours.median) / Number(r.errors.raw.median), 2)}x | ${r.errors.ours.statements} | ${n(r.errors.ours.maxRssMb, 0)} MB |`,
  ),
  '',
  `Agreement statistics on 1,000,000 pairs of 1-5 ratings (bench/agreement-child.ts) against scikit-learn ${agRef.sklearn} and SciPy ${agRef.scipy} on the same values (bench/sklearn_agreement.py), medians of 5:`,
  '',
  '| | mangalab | reference | reference / mangalab | value mangalab | value reference |',
  '| --- | --- | --- | --- | --- | --- |',
  `| Cohen's kappa, quadratic (cohen_kappa_score) | ${n(agOurs.kappaS)} s | ${n(agRef.kappaS)} s | ${n(agRef.kappaS / agOurs.kappaS, 2)}x | ${n(agOurs.kappa, 10)} | ${n(agRef.kappa, 10)} |`,
  `| Spearman rho and p (spearmanr) | ${n(agOurs.spearmanS)} s | ${n(agRef.spearmanS)} s | ${n(agRef.spearmanS / agOurs.spearmanS, 2)}x | ${n(agOurs.rho, 10)} | ${n(agRef.rho, 10)} |`,
  '',
  '## Cost readout (2026-W46 against W45, with the what-if)',
  '',
  'mangalab: `costReadout` with the product_question-to-Haiku what-if (bench/cost-child.ts: ten query files through the',
  'Source interface, results as Arrow, spikes, bypass savings, cache weeks and the throughput review assembled). Raw',
  'DuckDB: the very same SQL statements with the same bound values, replayed on the same connection with no mangalab',
  'code (the floor). pandas: the same breakdowns (test/reference/cost_reference.py: attribution by intent, model, user',
  'type and region, daily cost and trailing mean, sessions and token percentiles, bypass and quality, prompt cache,',
  'what-if) over in-memory frames; loading the CSV export is shown apart.',
  '',
  '| requests | mangalab | raw DuckDB | mangalab / raw | pandas compute | pandas / mangalab | pandas CSV load | (load + compute) / mangalab | peak memory mangalab / raw / pandas |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(({ size, cost: c }) => {
    const ratio = Number(c.ours.median) / Number(c.raw.median);
    const speedup = Number(c.pandas.median) / Number(c.ours.median);
    const withLoad = (Number(c.pandas.load) + Number(c.pandas.median)) / Number(c.ours.median);
    return `| ${size.toLocaleString('en-US')} | ${n(c.ours.median)} s | ${n(c.raw.median)} s | ${n(ratio, 2)}x | ${n(c.pandas.median)} s | ${n(speedup, 1)}x | ${n(c.pandas.load, 1)} s | ${n(withLoad, 1)}x | ${n(c.ours.maxRssMb, 0)} / ${n(c.raw.maxRssMb, 0)} / ${n(c.pandas.maxRssMb, 0)} MB |`;
  }),
  '',
  ...rows.map(({ size, cost: c }) => {
    const ratio = Number(c.ours.median) / Number(c.raw.median);
    const speedup = Number(c.pandas.median) / Number(c.ours.median);
    const withLoad = (Number(c.pandas.load) + Number(c.pandas.median)) / Number(c.ours.median);
    return (
      `- ${size.toLocaleString('en-US')} requests: within 1.2x of the same SQL raw: **${ratio <= 1.2 ? 'met' : 'not met'}** (${n(ratio, 2)}x); ` +
      `5x faster than pandas on an in-memory frame: **${speedup >= 5 ? 'met' : 'not met'}** (${n(speedup, 1)}x); from the CSV export, loading included: ${n(withLoad, 1)}x.`
    );
  }),
  '',
  '## Experiments',
  '',
  'The full readout of exp-prompt-v24 (bench/experiments.ts: four aggregate queries, every metric, decisions, segments,',
  'lift intervals), read from the raw tables (`--no-rollup`) and, after `mangalab rollup refresh` (timed once), from the',
  "experiment's rollup; medians of 3 after a warm-up. Both paths give the same numbers (test/rollup.test.ts). The last",
  "row is the 10M-request warehouse with its experiment's sessions, their turns and feedback copied five times under",
  'new ids (bench/scale_experiment.sql, built in the same run), since seeding 32M requests does not fit this machine.',
  '1,000 Beta-Binomial comparisons (probability, both expected losses, both 95% intervals; no lift interval): median of 7.',
  '',
  '| requests | experiment sessions | readout, raw tables | rollup refresh | readout, rollup | raw / rollup | peak memory | 1,000 Beta-Binomial comparisons |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...[
    ...rows.map((r) => ({ requests: r.size, exp: r.exp })),
    ...(scaled ? [{ requests: scaled.build.requests, exp: scaled.exp }] : []),
  ].map(
    ({ requests, exp }) =>
      `| ${requests.toLocaleString('en-US')} | ${exp.readout.sessions.toLocaleString('en-US')} | ${n(exp.readout.rawSeconds, 2)} s | ${n(exp.readout.refreshSeconds, 1)} s | ` +
      `${n(exp.readout.rollupSeconds, 2)} s | ${n(exp.readout.rawSeconds / exp.readout.rollupSeconds, 1)}x | ${n(exp.maxRssMb, 0)} MB | ${n(exp.comparisons1000Ms, 1)} ms |`,
  ),
  '',
  ...(scaled ? [`The 10M-session warehouse took ${n(scaled.build.seconds, 0)} s to build.`, ''] : []),
  ...rows.slice(-1).map((r) => {
    const big = scaled?.exp ?? r.exp;
    return (
      `Goals: 1,000 comparisons under 100 ms: **${r.exp.comparisons1000Ms < 100 ? 'met' : 'not met'}** (${n(r.exp.comparisons1000Ms, 1)} ms); ` +
      `a readout over 10M sessions under 3 s: **${big.readout.sessions >= 10_000_000 && big.readout.rollupSeconds < 3 ? 'met' : 'not met'}** ` +
      `(${n(big.readout.rollupSeconds, 2)} s from the rollup at ${big.readout.sessions.toLocaleString('en-US')} sessions; ` +
      `${n(big.readout.rawSeconds, 1)} s from the raw tables, which a readout reads when its rollup is stale).`
    );
  }),
  '',
  '## Golden-set metrics',
  '',
  "bench/eval-child.ts: `scoreRun` on the first 500 entries of the sample golden set with a candidate's predictions (intent",
  'classification report, ROUGE-L, format rules, required and prohibited elements, the means; every metric but BERTScore),',
  'median of 21 after a warm-up. ROUGE-L throughput: the same 5,000 reference/candidate pairs through `rougeL` and through',
  "the Python implementation of the same semantics over NLTK's Porter stemmer (test/reference/eval_reference.py, Debian",
  'python3-nltk), each the median of repeated passes, in the same run.',
  '',
  '| entries scored | scoring time | ROUGE-L pairs | mangalab | Python + NLTK | Python / mangalab | peak memory |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  `| ${ev.entries} | ${n(ev.scoreMedianMs, 1)} ms | ${Number(ev.rougePairs).toLocaleString('en-US')} | ${n(ev.rougeMedianS, 3)} s | ${n(ev.pythonRougeMedianS, 3)} s | ${n(Number(ev.pythonRougeMedianS) / Number(ev.rougeMedianS), 1)}x | ${n(ev.maxRssMb, 0)} MB |`,
  '',
  `Goals: all metrics but BERTScore for 500 entries under 200 ms: **${Number(ev.scoreMedianMs) < 200 ? 'met' : 'not met'}** (${n(ev.scoreMedianMs, 1)} ms); ` +
    `ROUGE-L at least 5x the NLTK-based Python: **${Number(ev.pythonRougeMedianS) / Number(ev.rougeMedianS) >= 5 ? 'met' : 'not met'}** (${n(Number(ev.pythonRougeMedianS) / Number(ev.rougeMedianS), 1)}x).`,
  '',
  '## Chunking experiments',
  '',
  `bench/chunks-child.ts: the seed's four configurations over the sample knowledge base (${ch.documents} documents, ${Number(ch.corpusTokens).toLocaleString('en-US')} cl100k tokens) and its ${ch.queries} curated`,
  'queries with BM25: chunking, indexing, retrieval, Recall/MRR/nDCG@3 and dead/noisy chunks, median of 5 after a warm-up.',
  'Indexing throughput: chunking the corpus and building the BM25 index (tokens of the corpus a second). BM25 against SciPy:',
  'building the index and answering the 100 queries (top 3) over the same tokenised small-chunks, tokenising excluded, in',
  'mangalab and in Python with scipy.sparse (bench/python_bm25.py), each the median of 21 runs.',
  '',
  '| configuration | chunks | indexing time | tokens / second |',
  '| --- | --- | --- | --- |',
  ...ch.indexing.map(
    (x) => `| ${x.config} | ${x.chunks} | ${n(x.seconds * 1000, 1)} ms | ${Math.round(x.tokensPerSecond).toLocaleString('en-US')} |`,
  ),
  '',
  `Four-configuration grid: ${n(ch.gridMedianS, 2)} s (goal under 10 s: **${ch.gridMedianS < 10 ? 'met' : 'not met'}**). BM25 index and 100 searches: ` +
    `mangalab ${n(ch.bm25MedianS * 1000, 1)} ms, SciPy ${n(ch.scipyBm25MedianS * 1000, 1)} ms (SciPy / mangalab ${n(ch.scipyBm25MedianS / ch.bm25MedianS, 2)}x). Peak memory ${n(ch.maxRssMb, 0)} MB.`,
  '',
  '## The weekly deck',
  '',
  "bench/deck-child.ts: the weekly job as the schedule runs it (last week's report.json in the output folder): every",
  "part's readout, the brief, JSON, Markdown, HTML, the deck and its PDF through headless Chromium, median of 3 after a",
  'warm-up; cold is one run with no report of last week, so its findings are recomputed. Peak memory is the Node',
  "process's; Chromium runs as its own processes for the PDF and is not counted. Goals (issue 27): under 3 s at 1M and",
  'under 8 s at 10M; deck.html and report.html each under 1.5 MB at 10M.',
  '',
  '| requests | whole job | cold | deck.html | report.html | deck.pdf | peak memory |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.size.toLocaleString('en-US')} | ${n(r.deck.medianS, 2)} s | ${n(r.deck.coldS, 2)} s | ${n(r.deck.sizes.deckHtml / 1024, 0)} KB | ${n(r.deck.sizes.reportHtml / 1024, 0)} KB | ${n(r.deck.sizes.deckPdf / 1024, 0)} KB | ${n(r.deck.maxRssMb, 0)} MB |`,
  ),
  '',
  ...rows.map((r) => {
    const goal = r.size >= 10_000_000 ? 8 : 3;
    const sizes = r.deck.sizes.deckHtml < 1.5 * 2 ** 20 && r.deck.sizes.reportHtml < 1.5 * 2 ** 20;
    return `At ${r.size.toLocaleString('en-US')} requests: under ${goal} s **${r.deck.medianS < goal ? 'met' : 'not met'}** (${n(r.deck.medianS, 2)} s); size budget **${sizes ? 'met' : 'not met'}**.`;
  }),
  '',
  'What takes the time, one pass stage by stage (seconds):',
  '',
  `| stage | ${rows.map((r) => r.size.toLocaleString('en-US')).join(' | ')} |`,
  `| --- | ${rows.map(() => '---').join(' | ')} |`,
  ...Object.keys(rows[0]?.deck.stages ?? {}).map((stage) => `| ${stage} | ${rows.map((r) => n(r.deck.stages[stage]!, 3)).join(' | ')} |`),
  '',
  ...deckEngineLines(rows),
  '',
  '## Notebooks',
  '',
  'Each notebook executed headlessly (`jupyter nbconvert --execute` on the tslab kernel) against the 1M-request warehouse,',
  'timed from outside, kernel start included. Goal: each under 30 s.',
  '',
  '| notebook | seconds |',
  '| --- | --- |',
  ...notebookTimes.map((x) => `| ${x.name} | ${n(x.seconds, 1)}${x.seconds < 30 ? '' : ' (over 30 s)'} |`),
  '',
  'What the Overview costs: two exact percentiles (P50 and P99 of latency) and the peak count per second over the two',
  "weeks take most of the engine time; DuckDB computes the exact quantiles slower than numpy's partition on two cores, so",
  'against pandas holding the same columns in memory the margin is small. Counted from files (what a scheduled job',
  'faces), pandas spends far longer loading than either engine spends computing.',
  '',
];
// Sections measured by other scripts (bench/ab-revisions.mjs) sit after this marker and are kept as they are.
const KEPT = '<!-- measured by other scripts: kept by bench/run.ts -->';
const previous = existsSync('docs/benchmarks.md') ? readFileSync('docs/benchmarks.md', 'utf8') : '';
const kept = previous.includes(KEPT) ? previous.slice(previous.indexOf(KEPT)) : '';
writeFileSync('docs/benchmarks.md', `${lines.join('\n')}${kept ? `\n${kept}` : ''}`);
process.stdout.write(`${lines.join('\n')}\n`);

/**
 * In the stage pass: the engine's seconds per statement (the twelve costliest at the largest size), against the whole
 * pass's readouts, so the table says how much of the time the engine takes and which statements.
 */
function deckEngineLines(rs: Row[]): string[] {
  const last = rs.at(-1);
  if (!last) return [];
  const total = (r: Row) => Object.values(r.deck.engine).reduce((a, b) => a + b, 0);
  const parts = (r: Row) =>
    Object.entries(r.deck.stages)
      .filter(([k]) => k.startsWith('part '))
      .reduce((a, [, v]) => a + v, 0);
  const top = Object.entries(last.deck.engine)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k]) => k);
  return [
    'In that pass, the engine (DuckDB) time per statement, summed over its calls; the twelve costliest at the largest size (seconds):',
    '',
    `| statement | ${rs.map((r) => r.size.toLocaleString('en-US')).join(' | ')} |`,
    `| --- | ${rs.map(() => '---').join(' | ')} |`,
    ...top.map((k) => `| ${k} | ${rs.map((r) => n(r.deck.engine[k] ?? 0, 3)).join(' | ')} |`),
    `| every statement | ${rs.map((r) => n(total(r), 3)).join(' | ')} |`,
    `| every part (readouts and wording) | ${rs.map((r) => n(parts(r), 3)).join(' | ')} |`,
  ];
}
