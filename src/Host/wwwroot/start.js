// Starts a procedure: its start form (form-js, the same schema the server validates against), filled in and submitted.
import { api, el, showUser } from '/app.js';

const key = decodeURIComponent(location.pathname.split('/').pop());
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

const me = await showUser();
const definition = (await api('/api/definitions/startable')).data.find(d => d.key === key);
if (!definition) {
  title.textContent = '该流程不存在，或您无权发起 (you may not start this procedure)';
} else {
  title.textContent = definition.name || definition.key;
  meta.textContent = `流程 ${definition.key} · 版本 ${definition.version}`;
  let form = null;
  if (definition.formRef) {
    const schema = (await api(`/api/forms/${encodeURIComponent(definition.formRef)}`)).data;
    form = new FormViewer.Form({ container: document.getElementById('form') });
    await form.importSchema(schema, me.unitCode ? { unitCode: me.unitCode } : {});
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
    const response = await api('/api/instances', { method: 'POST', body: { definitionKey: key, variables } });
    submit.disabled = false;
    if (response.ok) {
      showErrors([]);
      actions.hidden = true;
      document.getElementById('form').hidden = true;
      done.replaceChildren(`已发起（编号 ${response.data.id}）。`, el('a', { href: '/' }, '返回待办任务'));
      done.setAttribute('data-instance-id', response.data.id);
      done.hidden = false;
    } else if (response.status === 400 && response.data?.errors) {
      showErrors(Object.entries(response.data.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`));
    } else {
      showErrors([response.data?.detail || `提交失败 (${response.status})`]);
    }
  });
}
