// One instance: its diagram (zoomed to fit its height, the active elements in view, zoom and pan), a timeline of what
// people did (starts, tasks and decisions with who, when and the submitted values by their form labels), and the full
// element-level history with its hash-chain check one click away.
import { getJson, getText } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { showDiagram } from '../lib/diagram.js';
import { dateTime, text } from '../lib/format.js';
import { fieldValue, formFields, idsIn, instanceStatus, label, procedures, referenceHref, references } from '../lib/labels.js';
import { table } from '../lib/table.js';

const events = {
  'instance.started': '发起', 'element.entered': '进入', 'element.left': '离开', 'task.created': '创建任务', 'task.completed': '完成任务',
  'task.cancelled': '取消任务', 'timer.fired': '定时触发', 'message.correlated': '收到消息', 'incident.raised': '故障', 'incident.resolved': '故障已处理',
  'external.queued': '外部调用排队', 'external.completed': '外部调用完成', 'variables.updated': '变量更新', 'instance.completed': '结束',
  'instance.terminated': '终止', 'instance.cancelled': '撤销', 'call.started': '启动子流程', 'call.completed': '子流程结束',
  'task.claimed': '认领任务', 'task.unclaimed': '退回任务', 'task.assigned': '指派任务',
};

export default async function render(context, root) {
  const instanceId = context.params.id;
  let instance;
  try {
    instance = await getJson(`/api/instances/${instanceId}`);
  } catch (error) {
    if (error.status !== 404) throw error;
    root.replaceChildren(card(null, el('h1', { id: 'title' }, '流程实例不存在，或您无权查看'), el('p', {}, link('/', '返回待办'))));
    return;
  }

  const [history, xml, names] = await Promise.all([
    getJson(`/api/instances/${instanceId}/history`),
    getText(`/api/definitions/${encodeURIComponent(instance.definitionKey)}/versions/${instance.version}/xml`),
    procedures(),
  ]);
  const starter = history.find(h => h.type === 'instance.started')?.actor;
  const diagramBox = el('div', { id: 'diagram' });
  const incidents = el('div', { class: 'errors', id: 'incidents', hidden: true });
  root.replaceChildren(
    card(null,
      el('h1', { id: 'title' }, `${names.get(instance.definitionKey) ?? instance.definitionKey}${instance.businessKey ? '（' + instance.businessKey + '）' : ''}`),
      el('p', { class: 'meta', id: 'meta' },
        el('span', { class: `status status-${instance.status}`, id: 'status' }, label(instanceStatus, instance.status)),
        ` · 第 ${instance.version} 版 · ${starter ? starter + ' ' : ''}发起于 ${dateTime(instance.startedAt)}`,
        instance.endedAt ? ` · 结束于 ${dateTime(instance.endedAt)}` : ''),
      el('p', { class: 'legend' }, el('span', { class: 'swatch active' }), '进行中', el('span', { class: 'swatch done' }), '已完成',
        el('span', { class: 'swatch incident' }), '故障', el('span', { class: 'hint' }, '拖动平移，滚轮或按钮缩放')),
      diagramBox,
      incidents,
      calls(instance, names)));

  const active = new Set(instance.activeElementIds);
  const failed = new Set(instance.incidents.filter(i => i.status === 'open').map(i => i.elementId));
  const done = new Set(history.filter(h => h.type === 'element.left').map(h => h.elementId));
  const diagram = await showDiagram(diagramBox, xml, { active, done, failed });
  if (failed.size > 0) {
    incidents.replaceChildren(el('strong', {}, '故障：'), el('ul', {}, instance.incidents.filter(i => i.status === 'open')
      .map(i => el('li', {}, `${diagram.nameOf(i.elementId)}（${dateTime(i.createdAt)}）：${i.message}`,
        i.calledInstanceId ? [' ', link(`/instances/${i.calledInstanceId}`, '到子流程处理', { class: 'called-incident-link' })] : null))));
    incidents.hidden = false;
  }

  // The ledger rows and instances the submitted values name, by their names (one request for the whole timeline).
  const named = await references(idsIn(history.flatMap(h => Object.values(h.data?.variables ?? {}))));
  const timeline = await timelineOf(history, diagram, names, named);
  const fullHistory = table({
    id: 'history',
    rows: history,
    columns: [
      { label: '时间', value: h => dateTime(h.timestamp) },
      { label: '事件', value: h => events[h.type] ?? h.type },
      { label: '环节', value: h => (h.elementId ? diagram.nameOf(h.elementId) : '') },
      { label: '操作人', value: h => h.actor ?? '' },
    ],
  });
  const verify = meta('', { id: 'verify' });
  root.append(card('办理记录',
    timeline.length === 0 ? meta('尚无办理记录。') : el('ol', { class: 'timeline', id: 'timeline' }, timeline),
    el('details', { id: 'history-details' },
      el('summary', {}, `完整历史记录（${history.length} 条，含每个环节的进入与离开）`), verify, fullHistory)));

  const verdict = await getJson(`/api/instances/${instanceId}/history/verify`);
  verify.textContent = verdict.intact
    ? `共 ${verdict.entries} 条，哈希链完整，记录未被改动。`
    : `哈希链在第 ${verdict.firstBrokenSequence} 条断开：历史记录被改动过！`;
  verify.classList.toggle('errors', !verdict.intact);
}

/** Links between a call activity's instances: up to the calling instance, down to the instances it called. */
function calls(instance, names) {
  const parts = [];
  if (instance.parentInstanceId) {
    parts.push(el('p', { id: 'parent-instance' }, '由上级流程调用：', link(`/instances/${instance.parentInstanceId}`, '查看上级流程', { class: 'parent-link' })));
  }

  if (instance.calledInstances.length > 0) {
    parts.push(el('p', {}, '子流程：'), el('ul', { id: 'called-instances' }, instance.calledInstances.map(c => el('li', {},
      link(`/instances/${c.id}`, names.get(c.definitionKey) ?? c.definitionKey, { class: 'called-link' }),
      `（第 ${c.version} 版，${label(instanceStatus, c.status)}）`))));
  }

  return parts.length === 0 ? null : el('div', { class: 'calls' }, parts);
}

/** The timeline: what people and the clock did — starts, completed tasks, fired timers, incidents, changes, the end. */
async function timelineOf(history, diagram, names, named) {
  const items = [];
  for (const h of history) {
    const element = h.elementId ? diagram.nameOf(h.elementId) : '';
    switch (h.type) {
      case 'instance.started':
        items.push(entry(h, 'start', '发起流程', h.actor, await values(h.data?.variables, diagram.formOf(h.elementId), named)));
        break;
      case 'task.completed':
        items.push(entry(h, 'task', element, h.data?.by ?? h.actor, await values(h.data?.variables, diagram.formOf(h.elementId), named)));
        break;
      case 'timer.fired':
        items.push(entry(h, 'timer', `${element}（到期）`, null, null));
        break;
      case 'message.correlated':
        items.push(entry(h, 'message', `${element}（收到消息）`, h.actor, await values(h.data?.variables, null, named)));
        break;
      case 'incident.raised':
        items.push(entry(h, 'incident', `${element}：故障`, null, el('p', { class: 'errors' }, h.data?.message ?? '')));
        break;
      case 'call.started':
        items.push(entry(h, 'call', `${element}：启动子流程`, null, link(`/instances/${h.data?.calledInstanceId}`, names.get(h.data?.definitionKey) ?? h.data?.definitionKey ?? '子流程', { class: 'called-link' })));
        break;
      case 'call.completed':
        items.push(entry(h, 'call', `${element}：子流程结束`, null, null));
        break;
      case 'incident.resolved':
        if (h.data?.retry) items.push(entry(h, 'incident', `${element}：重试`, h.data?.by ?? h.actor, null));
        break;
      case 'variables.updated':
        items.push(entry(h, 'change', '修改流程数据', h.data?.by ?? h.actor, await values(h.data?.variables, null, named)));
        break;
      case 'instance.completed':
      case 'instance.terminated':
      case 'instance.cancelled':
        items.push(entry(h, 'end', events[h.type], h.actor, null));
        break;
      default:
        break;
    }
  }

  return items;
}

function entry(h, kind, title, who, details) {
  return el('li', { class: `event event-${kind}`, 'data-type': h.type },
    el('div', { class: 'when' }, dateTime(h.timestamp)),
    el('div', { class: 'what' }, el('strong', {}, title), who ? el('span', { class: 'who' }, who) : null, details));
}

/** Submitted values as a definition list, labelled by their form; empty submissions show nothing. */
async function values(variables, formRef, named) {
  const entries = Object.entries(variables ?? {});
  if (entries.length === 0) return null;
  const fields = await formFields(formRef);
  const shown = await Promise.all(entries.map(async ([key, value]) =>
    [key, fields.get(key)?.label ?? key, text(await fieldValue(fields.get(key), value, named)), referenceHref(value, named)]));
  return el('dl', { class: 'values' }, shown.flatMap(([key, name, value, href]) =>
    [el('dt', { 'data-key': key }, name), el('dd', { 'data-key': key }, href ? link(href, value, { class: 'reference-link' }) : value)]));
}
