// 运维 · 流程实例: every instance, searched by procedure, version, status, unit, business key, title and start date,
// a page at a time with the total; each opens the instance's operations view.
import { getPage } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { instanceStatus, label, procedures, units } from '../lib/labels.js';
import { opsNav } from '../lib/ops.js';
import { table } from '../lib/table.js';

const pageSize = 20;

export default async function render(context, root) {
  const params = new URLSearchParams(location.search);
  const [names, unitNames] = await Promise.all([procedures(), units()]);
  const field = (name, text, control) => el('label', {}, `${text} `, control);
  const input = (name, attributes = {}) => el('input', { name, id: `search-${name}`, value: params.get(name) ?? '', ...attributes });
  const choose = (name, options) => el('select', { name, id: `search-${name}` },
    options.map(([value, text]) => el('option', { value, selected: value === (params.get(name) ?? '') }, text)));
  const form = el('form', { class: 'filters search', id: 'search' },
    field('title', '事项', input('title', { type: 'search', placeholder: '标题关键字' })),
    field('definitionKey', '流程', choose('definitionKey', [['', '全部流程'], ...names])),
    field('version', '版本', input('version', { type: 'number', min: 1, class: 'narrow' })),
    field('status', '状态', choose('status', [['', '全部状态'], ...Object.entries(instanceStatus)])),
    field('unit', '单位', choose('unit', [['', '全部单位'], ...unitNames])),
    field('businessKey', '业务编号', input('businessKey')),
    field('startedFrom', '发起自', input('startedFrom', { type: 'date' })),
    field('startedTo', '至', input('startedTo', { type: 'date' })),
    el('button', { type: 'submit', class: 'primary', id: 'search-submit' }, '查询'));
  const results = el('div', { id: 'results' });
  root.replaceChildren(opsNav('/admin/instances'), card('流程实例', form, results));

  let page = Math.max(1, Number(params.get('page')) || 1);
  const load = async () => {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) query.set(name, value);
    if (page > 1) query.set('page', page);
    history.replaceState(null, '', `${location.pathname}?${query}`);
    query.delete('page');
    query.set('skip', (page - 1) * pageSize);
    query.set('take', pageSize);
    const found = await getPage(`/api/operations/instances?${query}`);
    const pages = Math.max(1, Math.ceil(found.total / pageSize));
    const pager = el('p', { class: 'pager', id: 'pager' },
      el('button', { type: 'button', id: 'previous', disabled: page <= 1 }, '上一页'),
      ` 第 ${page} / ${pages} 页 `,
      el('button', { type: 'button', id: 'next', disabled: page >= pages }, '下一页'));
    pager.querySelector('#previous').addEventListener('click', () => { page -= 1; load(); });
    pager.querySelector('#next').addEventListener('click', () => { page += 1; load(); });
    results.replaceChildren(
      meta(`共 ${found.total} 项`, { id: 'total' }),
      table({
        id: 'instances', rows: found.rows, empty: '没有符合条件的流程实例。',
        rowAttributes: i => ({ 'data-instance-id': i.id }),
        columns: [
          { label: '事项', cell: i => link(`/admin/instances/${i.id}`, i.title || '（无标题）') },
          { label: '流程', value: i => `${names.get(i.definitionKey) ?? i.definitionKey} · 第 ${i.version} 版` },
          { label: '状态', cell: i => el('span', { class: `status status-${i.status}` }, label(instanceStatus, i.status)) },
          { label: '单位', value: i => i.unitCode ? unitNames.get(i.unitCode) ?? i.unitCode : null },
          { label: '业务编号', value: i => i.businessKey },
          { label: '发起', value: i => `${dateTime(i.startedAt)}${i.startedBy ? ' · ' + i.startedBy : ''}` },
        ],
      }),
      found.total > pageSize ? pager : null);
  };
  form.addEventListener('submit', event => { event.preventDefault(); page = 1; load(); });
  await load();
}
