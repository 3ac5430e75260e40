// The operations console's shared parts: its sub-navigation (what each role may open) and small action helpers.
import { api } from './api.js';
import { el, link } from './dom.js';
import { hasAnyRole } from './shell.js';

/** The console's pages; the outbox, the scans and the Hangfire dashboard are for administrators. */
export function opsNav(current) {
  const entries = [['/admin/instances', '流程实例'], ['/admin/incidents', '故障']];
  if (hasAnyRole('admin')) entries.push(['/admin/outbox', '邮件'], ['/admin/jobs', '定时任务'], ['/hangfire', 'Hangfire 控制台']);
  return el('nav', { class: 'tabs ops-nav', id: 'ops-nav', 'aria-label': '运维' },
    entries.map(([href, text]) => link(href, text, { 'aria-current': href === current ? 'page' : null })));
}

/** A button that calls the API and then runs `then`, showing a failure next to itself. */
export function actionButton(text, attributes, call, then) {
  const button = el('button', { type: 'button', ...attributes }, text);
  const error = el('span', { class: 'errors inline', hidden: true });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const response = await call();
    button.disabled = false;
    if (!response.ok) {
      error.textContent = response.data?.detail || Object.values(response.data?.errors ?? {}).flat().join(' ') || `操作失败（${response.status}）`;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    await then(response.data);
  });
  return el('span', { class: 'action' }, button, error);
}

/** POSTs (or another method) with a JSON body. */
export function send(path, body, method = 'POST') {
  return api(path, { method, body });
}
