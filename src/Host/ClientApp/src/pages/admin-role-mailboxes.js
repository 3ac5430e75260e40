// 角色邮箱: the addresses behind role:leading-group, office, center and expert — the notices of those roles' tasks.
import { api, getJson, items } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { label, roleNames } from '../lib/labels.js';
import { table } from '../lib/table.js';
import { button, dialog, field, problemText, statusLine } from '../lib/ui.js';

const roles = ['leading-group', 'office', 'center', 'expert'];

export default async function render(context, root) {
  const status = statusLine('status');
  const listBox = el('div');
  const reload = async () => {
    const saved = new Map(items(await getJson('/api/role-mailboxes')).map(m => [m.role, m]));
    listBox.replaceChildren(table({
      id: 'mailboxes',
      rows: roles.map(role => saved.get(role) ?? { role, name: '', emails: '' }),
      rowAttributes: m => ({ 'data-role': m.role }),
      columns: [
        { label: '角色', value: m => `${label(roleNames, m.role)}（role:${m.role}）` },
        { label: '名称', value: m => m.name },
        { label: '邮箱', value: m => m.emails.split(',').filter(Boolean).join('、') },
        { label: '', cell: m => button('修改', { class: 'link', 'data-action': 'edit' }, () => edit(m)) },
      ],
    }));
  };

  const edit = async mailbox => {
    const name = el('input', { name: 'name', value: mailbox.name || label(roleNames, mailbox.role) });
    const emails = el('textarea', { name: 'emails', rows: 3 }, mailbox.emails);
    const answer = await dialog({
      id: 'mailbox-dialog',
      title: `修改角色邮箱：${label(roleNames, mailbox.role)}`,
      content: el('form', {}, field('名称', name), field('邮箱', emails, '一个或多个电子邮箱，用逗号分隔')),
      buttons: [{ text: '保存', value: true, primary: true }, { text: '取消', value: false }],
    });
    if (!answer) return;
    const response = await api(`/api/role-mailboxes/${encodeURIComponent(mailbox.role)}`, { method: 'PUT', body: { name: name.value.trim(), emails: emails.value.trim() } });
    status.show(response.ok ? `已保存：${label(roleNames, mailbox.role)}` : `未保存：${problemText(response)}`, response.ok ? 'ok' : 'error');
    if (response.ok) await reload();
  };

  root.replaceChildren(card('角色邮箱', meta('候选组为 role:角色 的任务，其通知发到该角色的邮箱。'), status, listBox));
  await reload();
}
