// 单位与联系人: the units directory — each unit's head and security officer, whom the notices of its tasks reach; add,
// change and remove units (a unit that owns ledger rows stays).
import { api, getJson, items } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { table } from '../lib/table.js';
import { button, dialog, field, problemText, statusLine } from '../lib/ui.js';

const fields = [
  ['code', '单位代码', '如 jsj；任务候选组写 unit:jsj，创建后不可修改'],
  ['name', '单位名称'],
  ['headName', '负责人'],
  ['headEmail', '负责人邮箱', '负责人签发的任务通知发到这里'],
  ['officerName', '安全员'],
  ['officerEmail', '安全员邮箱', '本单位任务的通知发到这里'],
  ['phone', '联系电话'],
];

export default async function render(context, root) {
  const status = statusLine('status');
  const listBox = el('div');
  const reload = async () => {
    const units = items(await getJson('/api/units'));
    listBox.replaceChildren(table({
      id: 'units',
      rows: units,
      empty: '尚无单位。',
      rowAttributes: u => ({ 'data-code': u.code }),
      columns: [
        { label: '单位', value: u => `${u.name}（${u.code}）` },
        { label: '负责人', value: u => [u.headName, u.headEmail].filter(Boolean).join(' ') },
        { label: '安全员', value: u => [u.officerName, u.officerEmail].filter(Boolean).join(' ') },
        { label: '电话', value: u => u.phone },
        { label: '', cell: u => el('span', { class: 'toolbar' },
          button('修改', { class: 'link', 'data-action': 'edit' }, () => edit(u)),
          button('删除', { class: 'link', 'data-action': 'delete' }, () => remove(u))) },
      ],
    }));
  };

  const edit = async unit => {
    const inputs = Object.fromEntries(fields.map(([name]) => [name, el('input', { name, value: unit?.[name] ?? '', disabled: Boolean(unit) && name === 'code' })]));
    const answer = await dialog({
      id: 'unit-dialog',
      title: unit ? `修改单位：${unit.name}` : '添加单位',
      content: el('form', { class: 'unit-form' }, fields.map(([name, label, help]) => field(label, inputs[name], help))),
      buttons: [{ text: '保存', value: true, primary: true }, { text: '取消', value: false }],
    });
    if (!answer) return;
    const body = Object.fromEntries(Object.entries(inputs).filter(([name]) => !(unit && name === 'code')).map(([name, input]) => [name, input.value.trim()]));
    const response = unit
      ? await api(`/api/units/${encodeURIComponent(unit.code)}`, { method: 'PUT', body })
      : await api('/api/units', { method: 'POST', body });
    status.show(response.ok ? `已保存：${response.data.name}` : `未保存：${problemText(response)}`, response.ok ? 'ok' : 'error');
    if (response.ok) await reload();
  };

  const remove = async unit => {
    const answer = await dialog({ title: `删除单位：${unit.name}`, content: el('p', {}, '有台账记录的单位不能删除。'), buttons: [{ text: '删除', value: true, primary: true }, { text: '取消', value: false }] });
    if (!answer) return;
    const response = await api(`/api/units/${encodeURIComponent(unit.code)}`, { method: 'DELETE' });
    status.show(response.ok ? `已删除：${unit.name}` : `未删除：${response.status === 409 ? '该单位有台账记录。' : problemText(response)}`, response.ok ? 'ok' : 'error');
    if (response.ok) await reload();
  };

  root.replaceChildren(card('单位与联系人',
    meta('单位的任务（候选组 unit:单位代码）通知其安全员，负责人签发的任务也通知负责人。'),
    el('div', { class: 'toolbar' }, button('添加单位', { id: 'add-unit' }, () => edit(null))),
    status, listBox));
  await reload();
}
