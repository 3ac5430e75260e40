// 待办: the open tasks the signed-in user may complete (我的待办) and their groups' tasks to claim (组待办), with the
// procedure's name, the business title, the unit and the due time; filtered by procedure, unit and due.
import { api, getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime, isPast } from '../lib/format.js';
import { procedures, units } from '../lib/labels.js';
import { context as shell, hasAnyRole } from '../lib/shell.js';
import { table } from '../lib/table.js';

const tabs = [['mine', '我的待办'], ['group', '组待办']];
const dues = [['', '全部截止时间'], ['overdue', '已逾期'], ['today', '今天到期'], ['week', '七天内到期']];

export default async function render(context, root) {
  const params = new URLSearchParams(location.search);
  const tab = params.get('tab') === 'group' ? 'group' : 'mine';
  const [names, unitNames] = await Promise.all([procedures(), units()]);
  const filters = el('form', { class: 'filters', id: 'filters' },
    select('definitionKey', '流程', [['', '全部流程'], ...names], params.get('definitionKey')),
    select('unit', '单位', [['', '全部单位'], ...unitNames], params.get('unit')),
    select('due', '截止', dues, params.get('due')));
  const results = el('div', { id: 'results' });
  root.replaceChildren(card(tab === 'group' ? '组待办' : '我的待办',
    el('nav', { class: 'tabs', id: 'tabs' }, tabs.map(([key, text]) => link(key === 'mine' ? '/' : '/?tab=group', text, { 'aria-current': key === tab ? 'page' : null, 'data-tab': key }))),
    filters, results));

  const load = async () => {
    const query = new URLSearchParams({ view: tab });
    for (const [name, value] of new FormData(filters)) if (value) query.set(name, value);
    history.replaceState(null, '', `${location.pathname}?${new URLSearchParams([...query].filter(([k]) => k !== 'view' || tab === 'group').map(([k, v]) => [k === 'view' ? 'tab' : k, v]))}`);
    const tasks = items(await getJson(`/api/tasks?${query}`));
    tasks.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || b.priority - a.priority);
    results.replaceChildren(
      meta(tasks.length === 0 ? (tab === 'group' ? '没有可认领的组任务。' : '没有待办任务。') : `共 ${tasks.length} 项${tab === 'group' ? '组任务' : '待办任务'}。`, { id: 'summary' }),
      table({
        id: 'tasks', rows: tasks, empty: '',
        rowAttributes: task => ({ 'data-task-id': task.id }),
        columns: [
          { label: '任务', cell: task => link(`/tasks/${task.id}`, task.name || '任务') },
          { label: '事项', value: task => task.title, class: 'title' },
          { label: '流程', value: task => names.get(task.definitionKey) ?? task.definitionKey },
          { label: '单位', value: task => task.unitCode ? unitNames.get(task.unitCode) ?? task.unitCode : null },
          { label: '截止时间', cell: task => isPast(task.dueAt)
            ? el('span', { class: 'overdue' }, `${dateTime(task.dueAt)}（已逾期）`)
            : dateTime(task.dueAt) },
          ...(tab === 'group' ? [{ label: '认领', cell: task => claimCell(task, load) }] : []),
        ],
      }));
  };
  filters.addEventListener('change', load);
  await load();
}

function select(name, text, options, current) {
  return el('label', {}, `${text} `, el('select', { name, id: `filter-${name}` },
    options.map(([value, label]) => el('option', { value, selected: value === (current ?? '') }, label))));
}

/** Claim (认领), give back (退回), or — for the center — assign to a named person (指派). */
function claimCell(task, reload) {
  const me = shell.user?.userName;
  const box = el('div', { class: 'claim' });
  const act = async (path, body) => {
    const response = await api(`/api/tasks/${task.id}/${path}`, { method: 'POST', body });
    if (!response.ok) {
      box.append(el('p', { class: 'errors' }, response.data?.detail || response.data?.errors?.assignee?.[0] || `操作失败（${response.status}）`));
      return;
    }
    await reload();
  };
  if (!task.assignee) {
    box.append(el('button', { type: 'button', class: 'claim-button' }, '认领'));
    box.lastChild.addEventListener('click', () => act('claim'));
  } else {
    box.append(el('span', {}, task.assignee === me ? '已由我认领 ' : `已由 ${task.assignee} 认领 `));
    if (task.assignee === me || hasAnyRole('center')) {
      box.append(el('button', { type: 'button', class: 'unclaim-button' }, '退回'));
      box.lastChild.addEventListener('click', () => act('unclaim'));
    }
  }
  if (hasAnyRole('center', 'admin')) {
    const input = el('input', { type: 'text', placeholder: '用户名', 'aria-label': '指派给', class: 'assignee', size: 8 });
    const button = el('button', { type: 'button', class: 'assign-button' }, '指派');
    button.addEventListener('click', () => act('assign', { assignee: input.value }));
    box.append(el('span', { class: 'assign' }, input, button));
  }
  return box;
}
