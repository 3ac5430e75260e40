// One task: its form (form-js, the same schema the server validates against), filled in and submitted.
import { api, getJson } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { formPage, formParts } from '../lib/form.js';
import { dateTime } from '../lib/format.js';
import { procedures } from '../lib/labels.js';

export default async function render(context, root) {
  const taskId = context.params.id;
  const found = await api(`/api/tasks/${taskId}`);
  if (!found.ok) {
    root.replaceChildren(card(null, el('h1', { id: 'title' }, '任务不存在，或您无权办理'), el('p', {}, link('/', '返回待办'))));
    return;
  }

  const task = found.data;
  const names = await procedures();
  const section = card(null,
    el('h1', { id: 'title' }, task.name || '任务'),
    el('p', { class: 'meta', id: 'meta' },
      `${names.get(task.definitionKey) ?? task.definitionKey}${task.businessKey ? '（' + task.businessKey + '）' : ''} · 截止 ${dateTime(task.dueAt)} · `,
      link(`/instances/${task.instanceId}`, '查看流程进度', { id: 'instance-link' })));
  root.replaceChildren(section);
  if (task.status !== 'open') {
    section.append(el('p', { class: 'done', id: 'done' },
      task.status === 'completed' ? `该任务已由 ${task.completedBy || ''} 于 ${dateTime(task.completedAt)} 办理。` : '该任务已取消。'));
    return;
  }

  const instance = await api(`/api/instances/${task.instanceId}`);
  await formPage({
    parts: formParts(section, '提交'),
    schema: task.formRef ? await getJson(`/api/forms/${encodeURIComponent(task.formRef)}`) : null,
    data: instance.ok ? instance.data.variables : {},
    send: variables => api(`/api/tasks/${taskId}/complete`, { method: 'POST', body: { variables } }),
    succeeded: target => target.replaceChildren('已提交，任务完成。', link('/', '返回待办')),
  });
}
