// The review model (bench/models/review.bpmn) run COUNT times in memory by bpmn-engine, one instance after another:
// every user task is completed as soon as it waits, the service task is a no-op. Prints one line: "<instances/s>".
// Usage: node review.mjs <bpmn file> <count>
// ${…} conditions are evaluated as JavaScript over the instance's variables, as ZzutWorkflows evaluates them.
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';

const [file, countText] = process.argv.slice(2);
const source = readFileSync(file, 'utf8');
const count = Number(countText ?? 2000);
const compiled = new Map();

const expressions = {
  isExpression: (text) => typeof text === 'string' && /^\$\{[\s\S]*\}$/.test(text.trim()),
  hasExpression: (text) => typeof text === 'string' && text.includes('${'),
  resolveExpression(text, context) {
    const match = /^\$\{([\s\S]*)\}$/.exec(String(text).trim());
    if (!match) return text;
    const variables = context?.environment?.variables ?? {};
    const names = Object.keys(variables);
    const key = match[1] + '|' + names.join(',');
    let fn = compiled.get(key);
    if (!fn) {
      fn = new Function(...names, `return (${match[1]});`);
      compiled.set(key, fn);
    }
    return fn(...names.map((n) => variables[n]));
  },
};

function runOnce(n) {
  return new Promise((resolve, reject) => {
    const listener = new EventEmitter();
    listener.on('wait', (api) => api.signal({ approved: true }));
    const engine = new Engine({ name: `review-${n}`, source, expressions, settings: { enableDummyService: true } });
    engine.once('end', resolve);
    engine.once('error', reject);
    engine.execute({ listener, variables: { level: 3 } }).catch(reject);
  });
}

// Warm-up: at least 200 instances and 10 s, as the engine's side of the bench warms up until its JIT settles.
const warmUntil = process.hrtime.bigint() + 10_000_000_000n;
for (let i = 0; i < Math.min(200, count) || process.hrtime.bigint() < warmUntil; i++) await runOnce(i);
const started = process.hrtime.bigint();
for (let i = 0; i < count; i++) await runOnce(i);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log((count / seconds).toFixed(1));
