// Copies the form-js viewer and the bpmn-js navigated viewer (UMD bundles, styles, licences) into
// src/Host/wwwroot/vendor/{form-js,bpmn-js}.
// Usage: npm install && node vendor.mjs   (re-run after changing the version in package.json, commit the result)
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.dirname(require.resolve('@bpmn-io/form-js/package.json'));
const { version } = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
const target = path.resolve(here, '..', '..', 'src', 'Host', 'wwwroot', 'vendor', 'form-js');
await mkdir(target, { recursive: true });
const files = [
  ['dist/form-viewer.umd.js', 'form-viewer.umd.js'],
  ['dist/assets/form-js.css', 'form-js.css'],
  ['dist/assets/flatpickr/light.css', 'flatpickr-light.css'],
  ['LICENSE', 'LICENSE'],
];
for (const [from, to] of files) {
  await copyFile(path.join(pkgDir, from), path.join(target, to));
}

console.log(`@bpmn-io/form-js ${version} → ${target}`);

const bpmnDir = path.dirname(require.resolve('bpmn-js/package.json'));
const bpmnVersion = JSON.parse(await readFile(path.join(bpmnDir, 'package.json'), 'utf8')).version;
const bpmnTarget = path.resolve(here, '..', '..', 'src', 'Host', 'wwwroot', 'vendor', 'bpmn-js');
await mkdir(bpmnTarget, { recursive: true });
for (const [from, to] of [
  ['dist/bpmn-navigated-viewer.production.min.js', 'bpmn-navigated-viewer.production.min.js'],
  ['dist/assets/diagram-js.css', 'diagram-js.css'],
  ['dist/assets/bpmn-js.css', 'bpmn-js.css'],
  ['LICENSE', 'LICENSE'],
]) {
  await copyFile(path.join(bpmnDir, from), path.join(bpmnTarget, to));
}

console.log(`bpmn-js ${bpmnVersion} → ${bpmnTarget}`);
