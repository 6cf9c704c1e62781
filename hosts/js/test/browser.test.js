// The JavaScript host in a real browser: headless Chromium loads the transpiled component and the
// wrapper as ES modules from a local server, evaluates fixtures, and shows what a reader sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const hostDir = resolve(here, '..');
const root = resolve(here, '../../..');
const hallBin = process.env.HALL_BIN ?? join(root, 'target/debug/hall');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const cases = ['承诺件-检测中止跨春节.json', '一次性告知-遗漏材料后二次告知.json', '岗位-长时离岗未申请无替岗.json'];

const page = `<!doctype html><meta charset="utf-8"><title>hallpolicy</title><pre id="out">loading</pre>
<script type="module">
import { Hall } from '/src/index.js';
const hall = await Hall.load('/generated/baicheng-004/hall.js');
const results = [];
for (const name of ${JSON.stringify(cases)}) {
  const text = await (await fetch('/fixtures/' + encodeURIComponent(name))).text();
  results.push(hall.evaluateJson(text));
}
document.getElementById('out').textContent = results.join('\\n');
</script>`;

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

function serve() {
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      if (url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      } else if (url.startsWith('/fixtures/')) {
        const body = readFileSync(join(root, 'tests/fixtures/cases/baicheng-004', url.slice('/fixtures/'.length)));
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } else {
        const file = join(hostDir, url);
        if (!file.startsWith(hostDir)) throw new Error('outside');
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
      }
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

test('the component runs in headless Chromium and gives the native bytes', async () => {
  const server = await serve();
  const { port } = server.address();
  const profile = mkdtempSync(join(tmpdir(), 'hallpolicy-chromium-'));
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, '--virtual-time-budget=10000', '--dump-dom', `http://127.0.0.1:${port}/`,
  ];
  const dom = await new Promise((ok, fail) =>
    execFile(chromium, args, { timeout: 60000, maxBuffer: 64 << 20 }, (err, stdout) => (err ? fail(err) : ok(stdout))),
  );
  server.close();
  const text = dom.match(/<pre id="out">([\s\S]*?)<\/pre>/)[1]
    .replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  const expected = cases.map((name) =>
    execFileSync(hallBin, ['eval', '--native', '--format', 'json', join(root, 'policy/baicheng-004.hall'), join(root, 'tests/fixtures/cases/baicheng-004', name)], { encoding: 'utf8' }).trim(),
  );
  assert.deepEqual(text.split('\n'), expected);
});
