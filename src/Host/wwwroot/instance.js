// One instance: its diagram with the active, completed and failed elements marked, and its hash-chained history.
import { api, beijing, el, showUser } from '/app.js';

const instanceId = location.pathname.split('/').pop();
const title = document.getElementById('title');
const events = {
  'instance.started': '发起', 'element.entered': '进入', 'element.left': '离开', 'task.created': '创建任务', 'task.completed': '完成任务',
  'task.cancelled': '取消任务', 'timer.fired': '定时触发', 'message.correlated': '收到消息', 'incident.raised': '故障', 'incident.resolved': '故障已处理',
  'external.queued': '外部调用排队', 'external.completed': '外部调用完成', 'variables.updated': '变量更新', 'instance.completed': '结束',
  'instance.terminated': '终止', 'instance.cancelled': '撤销',
};

await showUser();
const found = await api(`/api/instances/${instanceId}`);
if (!found.ok) {
  title.textContent = '流程实例不存在，或您无权查看 (no such instance)';
} else {
  const instance = found.data;
  const history = (await api(`/api/instances/${instanceId}/history`)).data;
  const xml = await fetch(`/api/definitions/${encodeURIComponent(instance.definitionKey)}/versions/${instance.version}/xml`, { credentials: 'same-origin' }).then(r => r.text());
  title.textContent = `${instance.definitionKey}${instance.businessKey ? '（' + instance.businessKey + '）' : ''}`;
  document.getElementById('meta').textContent = `状态 ${instance.status} · 版本 ${instance.version} · 发起于 ${beijing(instance.startedAt)}${instance.endedAt ? ' · 结束于 ' + beijing(instance.endedAt) : ''}`;

  const viewer = new BpmnJS({ container: '#diagram', height: 480 });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  canvas.zoom('fit-viewport');
  const names = new Map(registry.getAll().map(e => [e.id, e.businessObject?.name || e.id]));
  const active = new Set(instance.activeElementIds);
  const failed = new Set(instance.incidents.filter(i => i.status === 'open').map(i => i.elementId));
  const left = new Set(history.filter(h => h.type === 'element.left').map(h => h.elementId));
  for (const id of left) {
    if (registry.get(id) && !active.has(id)) canvas.addMarker(id, 'zzut-done');
  }

  for (const id of active) {
    if (registry.get(id)) canvas.addMarker(id, 'zzut-active');
  }

  for (const id of failed) {
    if (registry.get(id)) canvas.addMarker(id, 'zzut-incident');
  }

  if (failed.size > 0) {
    const incidents = document.getElementById('incidents');
    incidents.replaceChildren(el('strong', {}, '故障 (incidents)：'), el('ul', {}, ...instance.incidents.filter(i => i.status === 'open')
      .map(i => el('li', {}, `${names.get(i.elementId) ?? i.elementId}: ${i.message}`))));
    incidents.hidden = false;
  }

  document.querySelector('#history tbody').append(...history.map(h => el('tr', {},
    el('td', {}, beijing(h.timestamp)), el('td', {}, events[h.type] ?? h.type),
    el('td', {}, h.elementId ? names.get(h.elementId) ?? h.elementId : ''), el('td', {}, h.actor ?? ''))));
  const verdict = (await api(`/api/instances/${instanceId}/history/verify`)).data;
  document.getElementById('verify').textContent = verdict.intact
    ? `共 ${verdict.entries} 条，哈希链完整 (the hash chain is intact)。`
    : `哈希链在第 ${verdict.firstBrokenSequence} 条断开 (the history was altered)！`;
}
