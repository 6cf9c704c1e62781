// Per-call time of the Node host: `node hosts/js/bench.mjs CASE` (after `npm run build`).
import { readFileSync } from 'node:fs';
import { Hall } from './src/index.js';

const hall = await Hall.load(new URL('./generated/baicheng-004/hall.js', import.meta.url));
const text = readFileSync(process.argv[2], 'utf8');
for (let i = 0; i < 500; i++) hall.evaluateJson(text);
const batches = [];
for (let b = 0; b < 15; b++) {
  const n = 5000;
  const start = performance.now();
  for (let i = 0; i < n; i++) hall.evaluateJson(text);
  batches.push(((performance.now() - start) * 1000) / n);
}
batches.sort((a, b) => a - b);
console.log(`node per call (evaluateJson, median of 15 batches): ${batches[7].toFixed(1)} µs`);
