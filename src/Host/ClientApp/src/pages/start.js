// A procedure's start form (form-js, the same schema the server validates against), filled in and submitted.
import { api, getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { formPage, formParts } from '../lib/form.js';

export default async function render(context, root) {
  const key = context.params.key;
  const definition = (await getJson('/api/definitions/startable')).find(d => d.key === key);
  if (!definition) {
    root.replaceChildren(card('无法发起该流程', meta('该流程不存在，或您的角色无权发起。'), el('p', {}, link('/start', '返回可发起的流程'))));
    return;
  }

  const section = card(null, el('h1', { id: 'title' }, definition.name || definition.key), meta(`第 ${definition.version} 版`, { id: 'meta' }));
  root.replaceChildren(section);
  await formPage({
    parts: formParts(section, '发起'),
    schema: definition.formRef ? await getJson(`/api/forms/${encodeURIComponent(definition.formRef)}`) : null,
    data: context.user.unitCode ? { unitCode: context.user.unitCode } : {},
    send: variables => api('/api/instances', { method: 'POST', body: { definitionKey: key, variables } }),
    succeeded: async (target, instance) => {
      // The first task, if it is the starter's to do (somebody else's tasks are not theirs to see).
      const tasks = await api(`/api/tasks?instanceId=${instance.id}&status=open`);
      const first = tasks.ok ? items(tasks.data)[0] : null;
      target.replaceChildren(
        `已发起${instance.title ? '「' + instance.title + '」' : ''}。`,
        link(`/instances/${instance.id}`, '查看流程进度', { id: 'new-instance' }),
        first ? ' · ' : '',
        first ? link(`/tasks/${first.id}`, `办理下一步：${first.name || '任务'}`, { id: 'first-task' }) : '');
      target.setAttribute('data-instance-id', instance.id);
    },
  });
}
