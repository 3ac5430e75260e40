// The entry of every page. The host renders the shell (header with the role-aware menu, <main id="page">, and the page
// context as JSON); this wires the header and runs the page module the host named in <body data-page>. Page modules
// are loaded on demand (esbuild splits them into their own chunks), so the form-js and bpmn-js code is fetched only by
// the pages that show a form or a diagram.
import './styles/app.css';
import { context, pageRoot, wireHeader } from './lib/shell.js';
import { el } from './lib/dom.js';

/** The page modules by the name the host's page table gives them (src/Host/WebUi/WebPages.cs). */
const pages = {
  login: () => import('./pages/login.js'),
  inbox: () => import('./pages/inbox.js'),
  'start-list': () => import('./pages/start-list.js'),
  start: () => import('./pages/start.js'),
  task: () => import('./pages/task.js'),
  instance: () => import('./pages/instance.js'),
  ledgers: () => import('./pages/ledgers.js'),
  compliance: () => import('./pages/compliance.js'),
  started: () => import('./pages/started.js'),
  done: () => import('./pages/done.js'),
  'admin-instances': () => import('./pages/admin-instances.js'),
  'admin-instance': () => import('./pages/admin-instance.js'),
  'admin-incidents': () => import('./pages/admin-incidents.js'),
  'admin-outbox': () => import('./pages/admin-outbox.js'),
  'admin-jobs': () => import('./pages/admin-jobs.js'),
  'admin-home': () => import('./pages/admin-home.js'),
  'admin-definitions': () => import('./pages/admin-definitions.js'),
  'admin-definition': () => import('./pages/admin-definition.js'),
  'admin-designer': () => import('./pages/admin-designer.js'),
  'admin-forms': () => import('./pages/admin-forms.js'),
  'admin-form-editor': () => import('./pages/admin-form-editor.js'),
  'admin-units': () => import('./pages/admin-units.js'),
  'admin-role-mailboxes': () => import('./pages/admin-role-mailboxes.js'),
  'admin-calendar': () => import('./pages/admin-calendar.js'),
  'admin-evaluation-periods': () => import('./pages/admin-evaluation-periods.js'),
  'admin-users': () => import('./pages/admin-users.js'),
  account: () => import('./pages/account.js'),
  reports: () => import('./pages/reports.js'),
  report: () => import('./pages/report.js'),
  duty: () => import('./pages/duty.js'),
};

wireHeader();
const load = pages[context.page];
if (load) {
  try {
    const page = await load();
    await page.default(context, pageRoot());
  } catch (error) {
    pageRoot().replaceChildren(el('section', { class: 'card' },
      el('h1', {}, '页面加载失败'), el('p', { class: 'errors' }, '请刷新页面重试；如仍失败，请联系管理员。')));
    throw error;
  }
}

document.body.dataset.ready = 'true';
