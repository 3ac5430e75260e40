// 表单: every form with its latest version and who deployed it when; a new form by its id.
import { getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { table } from '../lib/table.js';
import { button, field, statusLine } from '../lib/ui.js';

export default async function render(context, root) {
  const forms = items(await getJson('/api/forms'));
  const newId = el('input', { id: 'new-form-id', placeholder: '例如 vm-change-request', pattern: '[a-z0-9-]{2,100}', autocomplete: 'off' });
  const status = statusLine('status');
  const create = button('新建表单', { id: 'new-form', class: 'secondary' }, () => {
    const id = newId.value.trim();
    if (!/^[a-z0-9-]{2,100}$/.test(id)) {
      status.show('表单 id 须为 2–100 个小写字母、数字或 -（流程中 camunda:formRef 用它引用表单）。', 'error');
      return;
    }

    location.assign(`/admin/forms/${encodeURIComponent(id)}/edit`);
  });
  root.replaceChildren(card('表单',
    meta(`共 ${forms.length} 个表单。每次部署产生新版本；任务和发起按最新版本填写，服务端按同一表单校验。`),
    el('div', { class: 'fields-inline' }, field('新表单 id', newId), create),
    status,
    table({
      id: 'forms',
      rows: forms,
      empty: '尚无表单。',
      rowAttributes: f => ({ 'data-form-id': f.id }),
      columns: [
        { label: '表单', cell: f => link(`/admin/forms/${encodeURIComponent(f.id)}/edit`, f.id) },
        { label: '最新版本', value: f => `版本 ${f.latestVersion}` },
        { label: '部署时间', value: f => dateTime(f.deployedAt) },
        { label: '部署人', value: f => f.deployedBy },
      ],
    })));
}
