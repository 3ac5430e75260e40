// Builds the web UI: bundles src/ (page modules, shared modules, styles, and the form-js and bpmn-js packages from
// node_modules) with esbuild into fingerprinted files under ../wwwroot/assets, writes ../wwwroot/shell.html (the page
// shell the host fills in) and ../wwwroot/favicon.ico, pre-compresses every asset (.br, .gz), and records the hashes of
// the sources and of the outputs in bundle-manifest.json. The outputs are committed: neither `dotnet build` nor CI runs
// npm, and BundleManifestTests fails when the committed bundle is older than its sources.
// Usage: scripts/build-ui.sh (npm ci, then node build.mjs).
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.resolve(here, '..', 'wwwroot');
const assets = path.join(webRoot, 'assets');
const manifestPath = path.join(here, 'bundle-manifest.json');

await rm(assets, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.js' },
  outdir: assets,
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['chrome109', 'edge109', 'firefox115', 'safari15'],
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  legalComments: 'eof',
  charset: 'utf8',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
  plugins: [onePreact(), inlineCss()],
});

// The shell references the entry's script and its style sheet by their fingerprinted names.
const outputs = Object.entries(result.metafile.outputs);
const [entryFile, entry] = outputs.find(([, o]) => o.entryPoint === 'src/main.js');
const url = file => '/' + path.relative(webRoot, path.resolve(here, file)).split(path.sep).join('/');
const shell = (await readFile(path.join(here, 'shell.html'), 'utf8'))
  .replace('%asset:app.js%', url(entryFile))
  .replace('%asset:app.css%', url(entry.cssBundle));
await writeFile(path.join(webRoot, 'shell.html'), shell);
await writeFile(path.join(webRoot, 'favicon.ico'), favicon());
await writeFile(path.join(assets, 'third-party-licenses.txt'), await licenses(Object.keys(result.metafile.inputs)));

// Pre-compressed twins: the host sends them to clients that accept br or gzip (no compression work per request).
for (const name of await readdir(assets)) {
  const content = await readFile(path.join(assets, name));
  await writeFile(path.join(assets, name + '.br'), brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
  }));
  await writeFile(path.join(assets, name + '.gz'), gzipSync(content, { level: 9 }));
}

const manifest = {
  comment: 'Written by build.mjs: SHA-256 of every source (text with LF line ends) and of every output under src/Host/wwwroot. BundleManifestTests compares them with the files.',
  sources: await hashes(here, name => name !== 'node_modules' && name !== 'bundle-manifest.json', true),
  outputs: await hashes(webRoot, () => true, false),
};
await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
const sizes = outputs.filter(([file]) => !file.endsWith('.map')).map(([file, o]) => `${path.basename(file)} ${(o.bytes / 1024).toFixed(0)} KiB`);
console.log(`built ${sizes.length} files into ${path.relative(process.cwd(), assets)}: ${sizes.join(', ')}`);

/**
 * One copy of preact for everything: the properties panels (bpmn-js's and form-js's) ship theirs as
 * @bpmn-io/properties-panel/preact, and form-js renders its own components inside them; hooks only work when every
 * component uses the same copy.
 */
function onePreact() {
  return {
    name: 'one-preact',
    setup(build) {
      build.onResolve({ filter: /^preact(\/.*)?$/ }, args =>
        build.resolve('@bpmn-io/properties-panel/preact' + args.path.slice('preact'.length), { resolveDir: here, kind: args.kind }));
    },
  };
}

/**
 * `import css from './x.css?inline'`: the style sheet bundled (its @imports resolved, minified) into the importing
 * chunk as text, which the page adds as a <style> element. Styles only the designer and the form editor need (the
 * modeler's icon font, the properties panels) load with those pages instead of with every page.
 */
function inlineCss() {
  return {
    name: 'inline-css',
    setup(build) {
      build.onResolve({ filter: /\.css\?inline$/ }, args => ({ path: path.resolve(args.resolveDir, args.path.replace(/\?inline$/, '')), namespace: 'inline-css' }));
      build.onLoad({ filter: /.*/, namespace: 'inline-css' }, async args => {
        const result = await esbuild.build({ entryPoints: [args.path], bundle: true, minify: true, write: false, charset: 'utf8', logLevel: 'warning', metafile: true, loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.png': 'dataurl', '.eot': 'empty', '.svg': 'empty', '.ttf': 'empty' } });
        return { contents: 'export default ' + JSON.stringify(result.outputFiles[0].text) + ';', loader: 'js', watchFiles: Object.keys(result.metafile.inputs).map(i => path.resolve(here, i)) };
      });
    },
  };
}

/** The licence texts of the npm packages whose code is in the bundle (their notices must ship with it). */
async function licenses(inputs) {
  const packages = [...new Set(inputs.map(i => i.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter(Boolean))].sort();
  const texts = [];
  for (const name of packages) {
    const folder = path.join(here, 'node_modules', name);
    const file = (await readdir(folder)).find(f => /^licen[cs]e/i.test(f));
    const { version, license } = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8'));
    texts.push(`${name} ${version} (${license ?? 'see its licence'})\n\n${file ? (await readFile(path.join(folder, file), 'utf8')).trim() : ''}\n`);
  }

  return texts.join('\n' + '-'.repeat(80) + '\n\n');
}

/** SHA-256 of every file under a folder, by its path relative to the folder with forward slashes, sorted. */
async function hashes(root, include, text) {
  const found = {};
  async function walk(folder) {
    for (const item of await readdir(folder, { withFileTypes: true })) {
      if (!include(item.name)) continue;
      const full = path.join(folder, item.name);
      if (item.isDirectory()) {
        await walk(full);
      } else {
        let content = await readFile(full);
        if (text) content = Buffer.from(content.toString('utf8').replaceAll('\r\n', '\n'), 'utf8');
        found[path.relative(root, full).split(path.sep).join('/')] = createHash('sha256').update(content).digest('hex');
      }
    }
  }

  await walk(root);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A 32×32 icon (ICO with one 32-bit bitmap): a white shield on the UI's blue, drawn pixel by pixel. */
function favicon() {
  const size = 32;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const corner = Math.max(0, Math.abs(x - 15.5) - 11.5) ** 2 + Math.max(0, Math.abs(y - 15.5) - 11.5) ** 2;
      const inSquare = corner <= 16;
      const half = y < 6 ? -1 : y <= 17 ? 10 : 10 * (27 - y) / 10;
      const inShield = Math.abs(x - 15.5) <= half && y <= 27;
      const inMark = y >= 10 && y <= 21 && Math.abs(x - 15.5) <= 6 && Math.abs(x - 15.5) >= 0 && isCheck(x, y);
      const [r, g, b, a] = !inSquare ? [0, 0, 0, 0] : inShield && !inMark ? [255, 255, 255, 255] : [0x1d, 0x4f, 0x91, 255];
      const row = size - 1 - y; // bitmaps are stored bottom-up
      pixels.set([b, g, r, a], (row * size + x) * 4);
    }
  }

  const header = Buffer.alloc(6 + 16 + 40);
  header.writeUInt16LE(0, 0); header.writeUInt16LE(1, 2); header.writeUInt16LE(1, 4);
  const mask = Buffer.alloc(size * 4); // AND mask: 32 rows of 4 bytes, transparency comes from the alpha channel
  const imageSize = 40 + pixels.length + mask.length;
  header.writeUInt8(size, 6); header.writeUInt8(size, 7); header.writeUInt16LE(1, 10); header.writeUInt16LE(32, 12);
  header.writeUInt32LE(imageSize, 14); header.writeUInt32LE(22, 18);
  header.writeUInt32LE(40, 22); header.writeInt32LE(size, 26); header.writeInt32LE(size * 2, 30);
  header.writeUInt16LE(1, 34); header.writeUInt16LE(32, 36); header.writeUInt32LE(pixels.length + mask.length, 42);
  return Buffer.concat([header, pixels, mask]);
}

/** The check mark inside the shield: two strokes, about two pixels wide. */
function isCheck(x, y) {
  const near = (x1, y1, x2, y2) => {
    const t = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)));
    return Math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1))) <= 1.3;
  };
  return near(10, 15, 14, 19) || near(14, 19, 22, 11);
}
