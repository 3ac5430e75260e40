// 我发起的: the instances the signed-in user started, newest first, with their status.
import { getJson, items } from '../lib/api.js';
import { card, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { instanceStatus, label, procedures, units } from '../lib/labels.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const [instances, names, unitNames] = await Promise.all([getJson('/api/instances?mine=true').then(items), procedures(), units()]);
  root.replaceChildren(card('我发起的',
    meta(instances.length === 0 ? '您还没有发起过流程。' : `共 ${instances.length} 项。`, { id: 'summary' }),
    table({
      id: 'instances', rows: instances, empty: '',
      rowAttributes: i => ({ 'data-instance-id': i.id }),
      columns: [
        { label: '事项', cell: i => link(`/instances/${i.id}`, i.title || names.get(i.definitionKey) || i.definitionKey) },
        { label: '流程', value: i => names.get(i.definitionKey) ?? i.definitionKey },
        { label: '单位', value: i => i.unitCode ? unitNames.get(i.unitCode) ?? i.unitCode : null },
        { label: '状态', value: i => label(instanceStatus, i.status) },
        { label: '发起时间', value: i => dateTime(i.startedAt) },
      ],
    })));
}
