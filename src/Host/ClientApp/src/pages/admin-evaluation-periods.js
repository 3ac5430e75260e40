// 测评周期: months between level evaluations by security protection level (level 4 every 6, 3 every 12, 2 every 24,
// 1 none by the policy); a change can move the next due date of every system of that level.
import { api, getJson, items } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { label, systemLevel } from '../lib/labels.js';
import { table } from '../lib/table.js';
import { button, problemText, statusLine } from '../lib/ui.js';

export default async function render(context, root) {
  const status = statusLine('status');
  const listBox = el('div');
  const reload = async () => {
    const saved = new Map(items(await getJson('/api/evaluation-periods')).map(p => [p.level, p.months]));
    listBox.replaceChildren(table({
      id: 'periods',
      rows: [1, 2, 3, 4, 5].map(level => ({ level, months: saved.get(level) })),
      rowAttributes: p => ({ 'data-level': p.level }),
      columns: [
        { label: '等级', value: p => label(systemLevel, p.level) },
        { label: '现行周期', value: p => (p.months === undefined ? '未设置' : p.months === 0 ? '不测评（仅自查）' : `每 ${p.months} 个月`) },
        { label: '修改为（月，0 为不测评）', cell: p => {
          const months = el('input', { type: 'number', min: 0, max: 120, value: p.months ?? '', class: 'months', 'aria-label': `${label(systemLevel, p.level)}的周期（月）` });
          const recompute = el('input', { type: 'checkbox', class: 'recompute' });
          return el('span', { class: 'toolbar' }, months,
            el('label', {}, recompute, '重算现有系统的下次测评日期'),
            button('保存', { class: 'secondary', 'data-action': 'save' }, async () => {
              const response = await api(`/api/evaluation-periods/${p.level}${recompute.checked ? '?recompute=true' : ''}`, { method: 'PUT', body: { months: Number(months.value) } });
              status.show(response.ok ? `${label(systemLevel, p.level)}：已保存为每 ${response.data.months} 个月。` : `未保存：${problemText(response)}`, response.ok ? 'ok' : 'error');
              if (response.ok) await reload();
            }));
        } },
      ],
    }));
  };

  root.replaceChildren(card('测评周期', meta('下次测评日期 = 上次测评日期 + 所在等级的周期；默认按管理办法：四级 6 个月，三级 12 个月，二级 24 个月，一级不测评。'), status, listBox));
  await reload();
}
