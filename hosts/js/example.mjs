// node hosts/js/example.mjs tests/fixtures/cases/baicheng-004/一次性告知-遗漏材料后二次告知.json
// (after `npm run build` in hosts/js)
import { readFileSync } from 'node:fs';
import { Hall } from './src/index.js';

const hall = await Hall.load(new URL('./generated/baicheng-004/hall.js', import.meta.url));
const evaluation = hall.evaluate(readFileSync(process.argv[2], 'utf8'));
for (const o of evaluation.obligations) console.log(o.status.padEnd(8), o.rule, 'due', o.due, `(${o.citation.article})`);
for (const v of evaluation.violations) console.log('VIOLATION', v.what);
