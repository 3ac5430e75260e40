// One task: the case it decides (read-only, newest first), then its form (form-js, the same schema the server
// validates against) — empty except what the definition fills in on purpose — filled in and submitted.
import { api, beijing, el, formPage, showUser } from '/app.js';

const taskId = location.pathname.split('/').pop();
const title = document.getElementById('title');
const done = document.getElementById('done');

/** The earlier submissions of the instance, each with who, when and its fields (labels and display values). */
function showCase(entries) {
  const section = document.getElementById('case');
  if (!entries.length) {
    section.hidden = true;
    return;
  }

  section.replaceChildren(el('h2', {}, '案卷（已提交的内容，只读）'), ...entries.map(entry => {
    const who = entry.byName && entry.byName !== entry.by ? `${entry.byName}（${entry.by}）` : (entry.by || '系统');
    const fields = el('dl', { class: 'case-fields' });
    for (const field of entry.fields) {
      fields.append(el('dt', { 'data-key': field.key }, field.label), el('dd', { 'data-key': field.key }, field.display || '—'));
    }

    return el('article', { class: 'case-entry', 'data-element-id': entry.elementId },
      el('h3', {}, entry.name),
      el('p', { class: 'meta' }, `${who} · ${entry.atLocal}（北京时间）`),
      entry.fields.length ? fields : el('p', { class: 'meta' }, '（未填写内容）'));
  }));
  section.hidden = false;
}

await showUser();
const found = await api(`/api/tasks/${taskId}`);
if (!found.ok) {
  title.textContent = '任务不存在，或您无权办理 (no such task)';
} else {
  const task = found.data;
  title.textContent = task.name || task.elementId;
  document.getElementById('meta').replaceChildren(`流程 ${task.definitionKey}${task.businessKey ? '（' + task.businessKey + '）' : ''} · 截止 ${beijing(task.dueAt)} · `,
    el('a', { href: `/instances/${task.instanceId}`, id: 'instance-link' }, '查看流程进度'));
  showCase(task.case || []);
  if (task.status !== 'open') {
    done.textContent = `该任务已${task.status === 'completed' ? '由 ' + (task.completedBy || '') + ' 办理' : '取消'}。`;
    done.hidden = false;
  } else {
    await formPage({
      schema: task.formRef ? (await api(`/api/forms/${encodeURIComponent(task.formRef)}`)).data : null,
      data: task.formData || {},
      send: variables => api(`/api/tasks/${taskId}/complete`, { method: 'POST', body: { variables } }),
      succeeded: target => target.replaceChildren('已提交，任务完成。', el('a', { href: '/' }, '返回待办任务')),
    });
  }
}
