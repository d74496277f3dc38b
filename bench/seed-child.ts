// Child process: seeds a warehouse and reports seconds and peak memory as JSON on stdout.
import { seedWarehouse } from '../src/pipeline/seed';

const [out, requests] = [process.argv[2]!, Number(process.argv[3])];
const started = performance.now();
const result = await seedWarehouse({ out, requests });
process.stdout.write(
  `${JSON.stringify({ seconds: (performance.now() - started) / 1000, requests: result.rows.requests, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
