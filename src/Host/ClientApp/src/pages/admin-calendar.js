// 工作日历: the working-day calendar a year at a time — national holidays and the weekend days that are worked (调休),
// which deadlines in working days (addWorkdays) follow; which years the calendar covers; click a day to change it.
import { api, getJson } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { button, dialog, field, problemText, statusLine } from '../lib/ui.js';

const weekdays = ['一', '二', '三', '四', '五', '六', '日'];

export default async function render(context, root) {
  const status = statusLine('status');
  const coverage = el('p', { id: 'coverage' });
  const yearBox = el('div', { id: 'year', class: 'year-view' });
  const yearSelect = el('select', { id: 'year-select', 'aria-label': '年份' });
  let year = Number(new URLSearchParams(location.search).get('year')) || new Date().getFullYear();

  const load = async () => {
    const calendar = await getJson(`/api/calendar?year=${year}`);
    const covered = calendar.yearsCovered;
    const options = [...new Set([...covered, year - 1, year, year + 1])].sort();
    yearSelect.replaceChildren(...options.map(y => el('option', { value: y, selected: y === year }, `${y} 年${covered.includes(y) ? '' : '（未覆盖）'}`)));
    const missingNext = !covered.includes(new Date().getFullYear() + 1);
    coverage.replaceChildren(
      `已覆盖的年份：${covered.length > 0 ? covered.map(y => `${y} 年`).join('、') : '无'}。`,
      covered.includes(year) ? '' : el('strong', { class: 'overdue' }, ` ${year} 年尚无节假日安排，按工作日计算的期限将只跳过周末。`),
      missingNext ? el('span', { class: 'meta' }, ' 下一年的放假安排公布后请及时录入。') : '');
    const days = new Map(calendar.days.map(d => [d.date, d]));
    yearBox.replaceChildren(...Array.from({ length: 12 }, (_, month) => monthView(year, month, days, edit)));
  };

  const edit = async (date, current) => {
    const kind = el('select', { name: 'kind' },
      el('option', { value: 'holiday', selected: current?.kind === 'holiday' }, '节假日（不上班）'),
      el('option', { value: 'workday', selected: current?.kind === 'workday' }, '调休上班'));
    const name = el('input', { name: 'name', value: current?.name ?? '', placeholder: '如 国庆节、国庆节调休上班' });
    const buttons = [{ text: '保存', value: 'save', primary: true }];
    if (current) buttons.push({ text: '恢复按星期计算', value: 'delete' });
    buttons.push({ text: '取消', value: null });
    const answer = await dialog({ id: 'day-dialog', title: `${date}（星期${weekdayOf(date)}）`, content: el('form', {}, field('类型', kind), field('名称', name)), buttons });
    if (!answer) return;
    const response = answer === 'delete'
      ? await api(`/api/calendar/${date}`, { method: 'DELETE' })
      : await api(`/api/calendar/${date}`, { method: 'PUT', body: { kind: kind.value, name: name.value.trim() } });
    status.show(response.ok ? `${date} 已${answer === 'delete' ? '恢复按星期计算' : '保存'}。` : `未保存：${problemText(response)}`, response.ok ? 'ok' : 'error');
    if (response.ok) await load();
  };

  yearSelect.addEventListener('change', async () => {
    year = Number(yearSelect.value);
    history.replaceState(null, '', `?year=${year}`);
    await load();
  });

  root.replaceChildren(card('工作日历',
    meta('红色为节假日，蓝色为调休上班的周末，灰色为普通周末。点击某天可修改。'),
    el('div', { class: 'toolbar' }, yearSelect, button('上一年', { id: 'prev-year' }, async () => { year -= 1; await load(); }), button('下一年', { id: 'next-year' }, async () => { year += 1; await load(); })),
    coverage, status, yearBox));
  await load();
}

function weekdayOf(date) {
  const [y, m, d] = date.split('-').map(Number);
  return weekdays[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}

/** One month: a 7-column grid of days, each marked holiday, worked weekend day or weekend. */
function monthView(year, month, days, onPick) {
  const first = new Date(Date.UTC(year, month, 1));
  const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const offset = (first.getUTCDay() + 6) % 7;
  const cells = [...weekdays.map(w => el('span', { class: 'weekday' }, w)), ...Array.from({ length: offset }, () => el('span'))];
  for (let day = 1; day <= length; day++) {
    const date = `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const entry = days.get(date);
    const weekend = (offset + day - 1) % 7 >= 5;
    const kind = entry?.kind ?? (weekend ? 'weekend' : 'weekday');
    cells.push(el('button', { type: 'button', class: `day ${kind}`, 'data-date': date, title: entry?.name || (weekend ? '周末' : '工作日') }, String(day)));
  }

  const box = el('div', { class: 'month' }, el('h2', {}, `${month + 1} 月`), el('div', { class: 'days' }, cells));
  box.addEventListener('click', event => {
    const target = event.target.closest('button.day');
    if (target) onPick(target.dataset.date, days.get(target.dataset.date));
  });
  return box;
}
