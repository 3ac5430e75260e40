// The open tasks the signed-in user may complete, soonest due first.
import { api, beijing, el, oversees, showUser } from '/app.js';

const me = await showUser();
document.getElementById('startable').before(el('p', {}, el('a', { href: '/ledgers', id: 'ledgers-link' }, '台账 (Ledgers)')));
if (oversees(me)) {
  document.getElementById('startable').before(el('p', {}, el('a', { href: '/compliance', id: 'compliance-link' }, '合规概览 (Compliance overview)')));
}

const tasks = (await api('/api/tasks?status=open')).data;
tasks.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || b.priority - a.priority);
document.getElementById('summary').textContent = tasks.length === 0 ? '没有待办任务。' : `共 ${tasks.length} 项待办任务。`;
const body = document.querySelector('#tasks tbody');
for (const task of tasks) {
  const overdue = task.dueAt && new Date(task.dueAt) < new Date();
  body.append(el('tr', { 'data-task-id': task.id },
    el('td', {}, el('a', { href: `/tasks/${task.id}` }, task.name || task.elementId)),
    el('td', {}, task.definitionKey),
    el('td', overdue ? { class: 'errors' } : {}, beijing(task.dueAt) + (overdue ? '（已逾期）' : '')),
    el('td', {}, String(task.priority))));
}

document.getElementById('tasks').hidden = tasks.length === 0;

const startable = (await api('/api/definitions/startable')).data;
document.getElementById('startable').replaceChildren(...startable.map(d =>
  el('li', {}, el('a', { href: `/start/${encodeURIComponent(d.key)}` }, d.name || d.key))));
