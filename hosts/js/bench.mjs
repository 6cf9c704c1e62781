// Per-call time of the Node host: `node hosts/js/bench.mjs CASE [OTHER/hall.js]` (after
// `npm run build`): `evaluateJson` (text in and out) and `evaluateJsonBytes` (UTF-8 bytes in and
// out, as a server has a request body). With a second transpiled component, batches of the two
// alternate (so a noisy machine slows both alike) and the ratios are printed as well.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Hall } from './src/index.js';

const urls = [new URL('./generated/baicheng-004/hall.js', import.meta.url)];
if (process.argv[3]) urls.push(pathToFileURL(process.argv[3]));
const halls = [];
for (const url of urls) halls.push(await Hall.load(url));
const text = readFileSync(process.argv[2], 'utf8');
const bytes = new TextEncoder().encode(text);
const entries = {
  'evaluateJson, text in and out': (hall) => hall.evaluateJson(text),
  'evaluateJsonBytes, bytes in and out': (hall) => hall.evaluateJsonBytes(bytes),
};
for (const [entry, call] of Object.entries(entries)) {
  // A component from before WIT 0.3.0 takes its bytes entry's case as text: left out of that row.
  const timed = halls.filter((hall) => {
    try {
      call(hall);
      return true;
    } catch {
      return false;
    }
  });
  for (const hall of timed) for (let i = 0; i < 500; i++) call(hall);
  const batches = timed.map(() => []);
  for (let b = 0; b < 15; b++) {
    timed.forEach((hall, k) => {
      const n = 5000;
      const start = performance.now();
      for (let i = 0; i < n; i++) call(hall);
      batches[k].push(((performance.now() - start) * 1000) / n);
    });
  }
  const medians = batches.map((times) => times.sort((a, b) => a - b)[7]);
  medians.forEach((median, k) => {
    const name = timed.length > 1 ? ` (${urls[halls.indexOf(timed[k])].pathname})` : '';
    console.log(`node per call (${entry}, median of 15 batches)${name}: ${median.toFixed(1)} µs`);
  });
  if (timed.length > 1) console.log(`second/first: ${(medians[1] / medians[0]).toFixed(3)}`);
}
