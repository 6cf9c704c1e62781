// Builds the test policies' components with this checkout's `hall` and transpiles each with jco
// into `generated/<name>/`, an ES module that runs in Node and in the browser.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const hall = process.env.HALL_BIN ?? join(root, 'target/debug/hall');
const policies = {
  'baicheng-004': 'policy/baicheng-004.hall',
  counting: 'tests/fixtures/policies/counting.hall',
  'yaoguan-003': 'policy/yaoguan-003.hall',
  'daan-002': 'policy/daan-002.hall',
  'renshe-000': 'policy/renshe-000.hall',
  'tongxiang-001': 'policy/tongxiang-001.hall',
  'guihua-001': 'policy/guihua-001.hall',
  'tangdaohe-001': 'policy/tangdaohe-001.hall',
  'quancheng-001': 'policy/quancheng-001.hall',
  'xuexiao-001': 'policy/xuexiao-001.hall',
};

for (const [name, policy] of Object.entries(policies)) {
  const out = join(here, 'generated', name);
  mkdirSync(out, { recursive: true });
  const wasm = join(out, `${name}.wasm`);
  execFileSync(hall, ['build', join(root, policy), '-o', wasm], { stdio: 'inherit' });
  execFileSync(join(here, 'node_modules/.bin/jco'), ['transpile', wasm, '-o', out, '--name', 'hall', '--quiet'], {
    stdio: 'inherit',
  });
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
}
