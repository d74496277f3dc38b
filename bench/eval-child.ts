// The golden-set metrics benchmark: scoring 500 entries (every metric but BERTScore) and ROUGE-L throughput against
// the NLTK-based Python implementation of the same semantics (test/reference/eval_reference.py rougel-bench), both on
// the same pairs in this process's run. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { rougeL } from '../src/analysis/rougeL';
import { scoreRun } from '../src/jobs/quality/readout';
import { loadEvalConfig } from '../src/pipeline/eval-inputs';
import { samplePredictions, sampleGoldenEntries } from '../src/pipeline/golden-seed';
import { timeRuns } from './timing';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const entries = sampleGoldenEntries().slice(0, 500);
const predictions = new Map(samplePredictions(entries).map((p) => [p.query_id, p]));
const config = loadEvalConfig();

scoreRun(entries, predictions, config); // warm-up
const score = await timeRuns(21, async () => scoreRun(entries, predictions, config));

// ROUGE-L pairs: the golden references against a candidate's answers and against each other's, 5,000 in all.
const refs = entries.map((e) => e.reference_response);
const cands = entries.map((e) => predictions.get(e.query_id)!.response_text);
const pairs: [string, string][] = [];
for (let k = 0; pairs.length < 5000; k++)
  pairs.push([refs[k % refs.length]!, k < refs.length ? cands[k]! : cands[(k * 7 + 3) % cands.length]!]);
for (const [a, b] of pairs.slice(0, 50)) rougeL(a, b); // warm-up
const rouge = await timeRuns(7, async () => {
  for (const [a, b] of pairs) rougeL(a, b);
});
const py = JSON.parse(
  execFileSync(python, ['test/reference/eval_reference.py', 'rougel-bench', '5'], {
    input: JSON.stringify(pairs),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  }),
) as { median: number; pairs: number };

process.stdout.write(
  `${JSON.stringify({
    entries: entries.length,
    scoreMedianMs: score.median * 1000,
    scoreMinMs: score.min * 1000,
    rougePairs: pairs.length,
    rougeMedianS: rouge.median,
    pythonRougeMedianS: py.median,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
