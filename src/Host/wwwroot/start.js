// Starts a procedure: its start form (form-js, the same schema the server validates against), filled in and submitted.
import { api, el, formPage, showUser } from '/app.js';

const key = decodeURIComponent(location.pathname.split('/').pop());
const title = document.getElementById('title');

const me = await showUser();
const definition = (await api('/api/definitions/startable')).data.find(d => d.key === key);
if (!definition) {
  title.textContent = '该流程不存在，或您无权发起 (you may not start this procedure)';
} else {
  title.textContent = definition.name || definition.key;
  document.getElementById('meta').textContent = `流程 ${definition.key} · 版本 ${definition.version}`;
  await formPage({
    schema: definition.formRef ? (await api(`/api/forms/${encodeURIComponent(definition.formRef)}`)).data : null,
    data: me.unitCode ? { unitCode: me.unitCode } : {},
    send: variables => api('/api/instances', { method: 'POST', body: { definitionKey: key, variables } }),
    succeeded: (target, instance) => {
      target.replaceChildren(`已发起（编号 ${instance.id}）。`, el('a', { href: `/instances/${instance.id}` }, '查看流程进度'));
      target.setAttribute('data-instance-id', instance.id);
    },
  });
}
