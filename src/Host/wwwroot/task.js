// One task: its form (form-js, the same schema the server validates against), filled in and submitted.
import { api, beijing, el, showUser } from '/app.js';

const taskId = location.pathname.split('/').pop();
const title = document.getElementById('title');
const meta = document.getElementById('meta');
const errors = document.getElementById('errors');
const actions = document.getElementById('actions');
const submit = document.getElementById('submit');
const done = document.getElementById('done');

function showErrors(messages) {
  errors.replaceChildren(el('strong', {}, '提交未成功：'), el('ul', {}, ...messages.map(m => el('li', {}, m))));
  errors.hidden = messages.length === 0;
}

await showUser();
const found = await api(`/api/tasks/${taskId}`);
if (!found.ok) {
  title.textContent = '任务不存在，或您无权办理 (no such task)';
} else {
  const task = found.data;
  title.textContent = task.name || task.elementId;
  meta.replaceChildren(`流程 ${task.definitionKey}${task.businessKey ? '（' + task.businessKey + '）' : ''} · 截止 ${beijing(task.dueAt)} · `,
    el('a', { href: `/instances/${task.instanceId}`, id: 'instance-link' }, '查看流程进度'));
  if (task.status !== 'open') {
    done.textContent = `该任务已${task.status === 'completed' ? '由 ' + (task.completedBy || '') + ' 办理' : '取消'}。`;
    done.hidden = false;
  } else {
    let form = null;
    if (task.formRef) {
      const schema = (await api(`/api/forms/${encodeURIComponent(task.formRef)}`)).data;
      const instance = await api(`/api/instances/${task.instanceId}`);
      form = new FormViewer.Form({ container: document.getElementById('form') });
      await form.importSchema(schema, instance.ok ? instance.data.variables : {});
    }

    actions.hidden = false;
    submit.addEventListener('click', async () => {
      let variables = {};
      if (form) {
        const result = form.submit();
        if (Object.keys(result.errors).length > 0) {
          showErrors(['请检查表单中标出的字段。']);
          return;
        }

        variables = result.data;
      }

      submit.disabled = true;
      const response = await api(`/api/tasks/${taskId}/complete`, { method: 'POST', body: { variables } });
      submit.disabled = false;
      if (response.ok) {
        showErrors([]);
        actions.hidden = true;
        document.getElementById('form').hidden = true;
        done.replaceChildren('已提交，任务完成。', el('a', { href: '/' }, '返回待办任务'));
        done.hidden = false;
      } else if (response.status === 400 && response.data?.errors) {
        showErrors(Object.entries(response.data.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`));
      } else if (response.status === 409) {
        showErrors(['该任务已被办理或已取消 (already completed).']);
      } else {
        showErrors([response.data?.detail || `提交失败 (${response.status})`]);
      }
    });
  }
}
