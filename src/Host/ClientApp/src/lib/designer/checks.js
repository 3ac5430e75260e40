// Checking as the administrator edits: the server's own deploy-time check (POST /api/definitions/validate: the
// engine's validator and the host's, e.g. that each formRef names a deployed form) — its problems block deploying and
// are marked on their elements — and bpmnlint's layout-level hints in the browser, which only advise.
import Linter from 'bpmnlint/lib/linter';
import labelRequired from 'bpmnlint/rules/label-required';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noOverlapping from 'bpmnlint/rules/no-overlapping-elements';
import noDuplicateFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import fakeJoin from 'bpmnlint/rules/fake-join';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import { api } from '../api.js';
import { readDefinitions } from '../bpmn-diff.js';
import { el } from '../dom.js';

/** The hints, each with what it means in Chinese. */
const hintRules = {
  'label-required': { rule: labelRequired, text: '缺少名称，图上和待办中将看不出这一步是什么' },
  'no-disconnected': { rule: noDisconnected, text: '未与其他环节相连' },
  'no-overlapping-elements': { rule: noOverlapping, text: '与其他环节重叠' },
  'no-duplicate-sequence-flows': { rule: noDuplicateFlows, text: '两条连线连接相同的环节' },
  'fake-join': { rule: fakeJoin, text: '多条连线直接汇入，请用网关汇合，意图更清楚' },
  'superfluous-gateway': { rule: superfluousGateway, text: '网关只有一进一出，可以去掉' },
  'no-gateway-join-fork': { rule: noGatewayJoinFork, text: '网关同时汇合与分支，建议拆成两个网关' },
  'end-event-required': { rule: endEventRequired, text: '缺少结束事件' },
  'no-implicit-split': { rule: noImplicitSplit, text: '多条连线直接流出，请用网关分支' },
  'superfluous-termination': { rule: superfluousTermination, text: '终止结束事件可以换成空结束事件' },
};

const linter = new Linter({
  config: { rules: Object.fromEntries(Object.keys(hintRules).map(name => [name, 'warn'])) },
  resolver: { resolveRule: (pkg, name) => hintRules[name]?.rule, resolveConfig: () => null },
});

/**
 * Checks the modeler's diagram: the server's problems and the hints, marked on the canvas and listed in `list`.
 * Returns { valid, key, name, errors, hints }. `onSelect(id)` is called when a listed problem is clicked.
 */
export async function check(modeler, list, onSelect) {
  const { xml } = await modeler.saveXML({ format: true });
  const [server, lint] = await Promise.all([
    api('/api/definitions/validate', { method: 'POST', body: xml, contentType: 'application/xml' }),
    readDefinitions(xml).then(definitions => linter.lint(definitions)),
  ]);
  if (!server.ok) throw new Error(`检查失败 (${server.status})`);
  const result = server.data;
  const hints = Object.entries(lint).flatMap(([name, reports]) => reports.map(r => ({ elementId: r.id, message: hintRules[name]?.text ?? r.message, rule: name })));
  show(modeler, list, result.errors, hints, onSelect);
  return { ...result, hints };
}

/** Marks and lists the problems (red, block deploying) and the hints (amber, advice). */
function show(modeler, list, errors, hints, onSelect) {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  const overlays = modeler.get('overlays');
  overlays.remove({ type: 'zzut-check' });
  registry.forEach(element => {
    canvas.removeMarker(element, 'zzut-error');
    canvas.removeMarker(element, 'zzut-hint');
  });

  const byElement = new Map();
  for (const problem of [...errors.map(e => ({ ...e, kind: 'error' })), ...hints.map(h => ({ ...h, kind: 'hint' }))]) {
    const element = problem.elementId ? registry.get(problem.elementId) : null;
    if (!element || element.type === 'bpmn:Process') continue;
    const entry = byElement.get(element.id) ?? { element, errors: [], hints: [] };
    entry[problem.kind === 'error' ? 'errors' : 'hints'].push(problem.message);
    byElement.set(element.id, entry);
  }

  for (const { element, errors: elementErrors, hints: elementHints } of byElement.values()) {
    canvas.addMarker(element, elementErrors.length > 0 ? 'zzut-error' : 'zzut-hint');
    const badge = el('div', {
      class: `zzut-badge ${elementErrors.length > 0 ? 'error' : 'hint'}`,
      title: [...elementErrors, ...elementHints].join('\n'),
      'data-element-id': element.id,
    }, elementErrors.length > 0 ? String(elementErrors.length) : '!');
    const position = element.waypoints ? { top: -12, left: -12 } : { top: -10, right: 10 };
    overlays.add(element, 'zzut-check', { position, html: badge });
  }

  const name = id => {
    const element = id ? registry.get(id) : null;
    return element?.businessObject?.name?.trim() || id || '整个文档';
  };
  const item = (problem, kind) => el('li', { class: kind, 'data-element-id': problem.elementId ?? '' },
    el('button', { type: 'button', class: 'link' }, name(problem.elementId)),
    problem.line ? el('span', { class: 'line' }, `第 ${problem.line} 行`) : null,
    el('span', { class: 'message' }, problem.message));
  list.replaceChildren(
    errors.length === 0
      ? el('p', { class: 'done', id: 'check-ok' }, '检查通过：可以部署。')
      : el('p', { class: 'errors-title', id: 'check-failed' }, `有 ${errors.length} 个问题，解决后才能部署：`),
    el('ul', { id: 'problems', class: 'problems' }, errors.map(e => item(e, 'error'))),
    hints.length > 0 ? el('p', { class: 'meta' }, `建议（${hints.length}，不影响部署）：`) : null,
    el('ul', { id: 'hints', class: 'problems' }, hints.map(h => item(h, 'hint'))));
  list.querySelectorAll('li button.link').forEach(button => button.addEventListener('click', () => {
    const id = button.closest('li').dataset.elementId;
    if (id && registry.get(id)) onSelect(id);
  }));
}
