// 已办: the tasks the signed-in user completed, newest first.
import { getJson, items } from '../lib/api.js';
import { card, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { procedures, units } from '../lib/labels.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const [tasks, names, unitNames] = await Promise.all([getJson('/api/tasks?view=done').then(items), procedures(), units()]);
  root.replaceChildren(card('已办',
    meta(tasks.length === 0 ? '您还没有办理过任务。' : `最近办理的 ${tasks.length} 项。`, { id: 'summary' }),
    table({
      id: 'tasks', rows: tasks, empty: '',
      rowAttributes: t => ({ 'data-task-id': t.id }),
      columns: [
        { label: '任务', cell: t => link(`/instances/${t.instanceId}`, t.name || '任务') },
        { label: '事项', value: t => t.title },
        { label: '流程', value: t => names.get(t.definitionKey) ?? t.definitionKey },
        { label: '单位', value: t => t.unitCode ? unitNames.get(t.unitCode) ?? t.unitCode : null },
        { label: '办理时间', value: t => dateTime(t.completedAt) },
      ],
    })));
}
