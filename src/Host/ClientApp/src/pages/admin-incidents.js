// 运维 · 故障: every open incident with its instance and error; administrators retry one or many (after fixing the cause
// on the instance's page).
import { getJson } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { elementNames, procedures, units } from '../lib/labels.js';
import { actionButton, opsNav, send } from '../lib/ops.js';
import { hasAnyRole } from '../lib/shell.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const [incidents, names, unitNames] = await Promise.all([getJson('/api/operations/incidents'), procedures(), units()]);
  const elements = new Map(await Promise.all([...new Set(incidents.map(x => `${x.definitionKey}\n${x.version}`))]
    .map(async k => [k, await elementNames(...k.split('\n'))])));
  const admin = hasAnyRole('admin');
  const outcome = el('div', { id: 'outcome' });
  const reload = () => render(context, root);
  const retry = admin && incidents.length > 0 ? actionButton('重试所选', { class: 'primary', id: 'retry-selected' }, () => {
    const chosen = [...root.querySelectorAll('input.pick:checked')].map(box => ({ instanceId: box.dataset.instanceId, incidentId: box.value }));
    return send('/api/operations/incidents/retry', { incidents: chosen });
  }, async outcomes => {
    await reload();
    const failed = outcomes.filter(o => !o.retried);
    root.querySelector('#outcome')?.replaceChildren(meta(`已重试 ${outcomes.length - failed.length} 项${failed.length ? `，${failed.length} 项未能重试：${failed.map(f => f.error).join('；')}` : '。'}`));
  }) : null;
  root.replaceChildren(opsNav('/admin/incidents'), card('故障',
    meta(incidents.length === 0 ? '没有待处理的故障。' : `共 ${incidents.length} 项待处理的故障。`, { id: 'summary' }),
    table({
      id: 'incidents', rows: incidents, empty: '',
      rowAttributes: x => ({ 'data-incident-id': x.id }),
      columns: [
        ...(admin ? [{ label: '选择', cell: x => el('input', { type: 'checkbox', class: 'pick', value: x.id, 'data-instance-id': x.instanceId, 'aria-label': '选择' }) }] : []),
        { label: '事项', cell: x => link(`/admin/instances/${x.instanceId}`, x.title || '（无标题）') },
        { label: '流程', value: x => names.get(x.definitionKey) ?? x.definitionKey },
        { label: '单位', value: x => x.unitCode ? unitNames.get(x.unitCode) ?? x.unitCode : null },
        { label: '环节', value: x => elements.get(`${x.definitionKey}\n${x.version}`)?.get(x.elementId) ?? x.elementId },
        { label: '错误', value: x => x.message, class: 'message' },
        { label: '发生时间', value: x => dateTime(x.createdAt) },
      ],
    }), retry, outcome));
}
