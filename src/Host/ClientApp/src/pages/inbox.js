// 待办: the open tasks the signed-in user may complete, soonest due first.
import { getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime, isPast } from '../lib/format.js';
import { procedures } from '../lib/labels.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const [tasks, names] = await Promise.all([getJson('/api/tasks?status=open').then(items), procedures()]);
  tasks.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || b.priority - a.priority);
  root.replaceChildren(card('我的待办',
    meta(tasks.length === 0 ? '没有待办任务。' : `共 ${tasks.length} 项待办任务。`, { id: 'summary' }),
    table({
      id: 'tasks',
      rows: tasks,
      empty: '',
      rowAttributes: task => ({ 'data-task-id': task.id }),
      columns: [
        { label: '任务', cell: task => link(`/tasks/${task.id}`, task.name || '任务') },
        { label: '流程', value: task => names.get(task.definitionKey) ?? task.definitionKey },
        { label: '业务编号', value: task => task.businessKey },
        { label: '截止时间', cell: task => isPast(task.dueAt)
          ? el('span', { class: 'overdue' }, `${dateTime(task.dueAt)}（已逾期）`)
          : dateTime(task.dueAt) },
      ],
    })));
}
