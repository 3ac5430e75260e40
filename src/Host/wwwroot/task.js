// One task: its form (form-js, the same schema the server validates against), filled in and submitted.
import { api, beijing, el, formPage, showUser } from '/app.js';

const taskId = location.pathname.split('/').pop();
const title = document.getElementById('title');
const done = document.getElementById('done');

await showUser();
const found = await api(`/api/tasks/${taskId}`);
if (!found.ok) {
  title.textContent = '任务不存在，或您无权办理 (no such task)';
} else {
  const task = found.data;
  title.textContent = task.name || task.elementId;
  document.getElementById('meta').replaceChildren(`流程 ${task.definitionKey}${task.businessKey ? '（' + task.businessKey + '）' : ''} · 截止 ${beijing(task.dueAt)} · `,
    el('a', { href: `/instances/${task.instanceId}`, id: 'instance-link' }, '查看流程进度'));
  if (task.status !== 'open') {
    done.textContent = `该任务已${task.status === 'completed' ? '由 ' + (task.completedBy || '') + ' 办理' : '取消'}。`;
    done.hidden = false;
  } else {
    const instance = await api(`/api/instances/${task.instanceId}`);
    await formPage({
      schema: task.formRef ? (await api(`/api/forms/${encodeURIComponent(task.formRef)}`)).data : null,
      data: instance.ok ? instance.data.variables : {},
      send: variables => api(`/api/tasks/${taskId}/complete`, { method: 'POST', body: { variables } }),
      succeeded: target => target.replaceChildren('已提交，任务完成。', el('a', { href: '/' }, '返回待办任务')),
    });
  }
}
