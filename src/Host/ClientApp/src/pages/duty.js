// 值班: the duty rota (Art. 31 24 小时应急值守; Att. 9 §8): who is on duty now, the shifts of the next 30 days, and this
// year's holiday periods with the hours nobody covers. Everybody sees the center's rota; a unit also its own.
import { getJson, items } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { date, dateTime } from '../lib/format.js';
import { units } from '../lib/labels.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const own = context.user.unitCode;
  const [now, shifts, holidays, unitNames] = await Promise.all([
    getJson('/api/duty/now?team=center'), getJson('/api/duty').then(items), getJson('/api/duty/holidays?team=center').then(items), units()]);
  const team = t => (t === 'center' ? '信息与网络管理中心' : unitNames.get(t) ?? t);
  root.replaceChildren(
    card('值班表',
      meta('信息与网络管理中心 24 小时应急值守；安全事件通知同时发送当前值班人员。', { id: 'meta' }),
      el('h2', {}, '当前值班（信息与网络管理中心）'),
      now.shifts.length === 0
        ? el('p', { class: 'overdue', id: 'on-duty' }, '当前无人值班。')
        : el('p', { id: 'on-duty' }, now.shifts.map(s => `${s.personName}（${s.phone}）`).join('、'))),
    card('未来 30 天的班次',
      table({
        id: 'shifts',
        rows: shifts,
        empty: '未来 30 天没有排班。',
        columns: [
          { label: '值班组', value: s => team(s.team) },
          { label: '值班人员', value: s => s.personName },
          { label: '电话', value: s => s.phone },
          { label: '开始', value: s => dateTime(s.startsAt) },
          { label: '结束', value: s => dateTime(s.endsAt) },
          { label: '备注', value: s => s.note },
        ],
      })),
    card('节假日值班安排（中心）',
      table({
        id: 'holidays',
        rows: holidays,
        empty: '日历中今年没有节假日。',
        columns: [
          { label: '节假日', value: h => h.name },
          { label: '起止', value: h => `${date(h.from)} 至 ${date(h.to)}` },
          { label: '排班', cell: h => (h.gaps.length === 0 ? '已全部排班' : el('span', { class: 'overdue' },
            `未排班：${h.gaps.map(g => `${dateTime(g.from)}–${dateTime(g.to)}`).join('；')}`)) },
        ],
      })),
    own ? meta(`本单位（${unitNames.get(own) ?? own}）的值班安排见上表“值班组”。`) : null);
}
