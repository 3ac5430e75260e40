// 表单编辑: the form-js editor (in Chinese) with a live preview that is checked as the server checks it: while
// editing, whether the server can use the form at all (its problems listed by component); on 检查填写, the sample data
// in the preview as a submission would be checked. Versions (each read-only, any one loads as the starting point),
// which definitions and open tasks use the form, and deploying a new version with the server's reasons if it refuses.
import { FormEditor } from '@bpmn-io/form-js-editor';
import { Form } from '@bpmn-io/form-js-viewer';
import editorCss from '../styles/form-editor.css?inline';
import { api, getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { formErrorText, translateFormEditor } from '../lib/form-editor-zh.js';
import { table } from '../lib/table.js';
import { addStyles, button, debounce, download, fileInput, problemText, statusLine } from '../lib/ui.js';

export default async function render(context, root, notice = null) {
  addStyles('form-editor', editorCss);
  const id = context.params.id;
  const exists = items(await getJson('/api/forms')).some(f => f.id === id);
  const [latest, versions, usage] = exists
    ? await Promise.all([getJson(`/api/forms/${encodeURIComponent(id)}`), getJson(`/api/forms/${encodeURIComponent(id)}/versions`), getJson(`/api/forms/${encodeURIComponent(id)}/usage`)])
    : [{ id, type: 'default', components: [] }, [], { definitions: [], openTasks: [] }];

  const status = statusLine('status');
  const deployButton = button('部署新版本', { id: 'deploy', class: 'primary' });
  const downloadButton = button('下载 JSON', { id: 'download' });
  const upload = fileInput('.form,.json,application/json', text => load(JSON.parse(text), '已导入文件。'), { id: 'upload', class: 'visually-hidden' });
  const editorBox = el('div', { id: 'form-editor', class: 'form-editor' });
  const previewBox = el('div', { id: 'preview', class: 'form-preview' });
  const problems = el('div', { id: 'form-problems' });
  const previewErrors = el('div', { id: 'preview-errors' });
  const checkButton = button('检查填写', { id: 'check-data', class: 'secondary' });
  const last = versions.at(-1);

  root.replaceChildren(
    card(`表单：${id}`,
      meta(last ? `最新版本 ${last.version}，${last.deployedBy ?? ''} 部署于 ${dateTime(last.deployedAt)}。已部署的版本只读，部署产生新版本。` : '新表单，尚未部署。', { id: 'form-meta' }),
      el('div', { class: 'toolbar' }, deployButton, downloadButton, el('label', { class: 'button', for: 'upload' }, '导入 JSON', upload), link('/admin/forms', '全部表单')),
      status, problems),
    el('div', { class: 'form-workbench' },
      el('section', { class: 'card' }, el('h2', {}, '编辑'), editorBox),
      el('section', { class: 'card' }, el('h2', {}, '预览（按服务端规则检查）'), previewBox, el('p', {}, checkButton), previewErrors)),
    card('使用情况', usageView(usage)),
    versions.length > 0 ? card('版本', table({
      id: 'form-versions',
      rows: [...versions].reverse(),
      rowAttributes: v => ({ 'data-version': v.version }),
      columns: [
        { label: '版本', value: v => `版本 ${v.version}` },
        { label: '部署时间', value: v => dateTime(v.deployedAt) },
        { label: '部署人', value: v => v.deployedBy },
        { label: '', cell: v => button('载入编辑', { class: 'link' }, async () => load(await getJson(`/api/forms/${encodeURIComponent(id)}?version=${v.version}`), `已载入版本 ${v.version}，部署后成为新版本。`)) },
      ],
    })) : null);

  const editor = new FormEditor({ container: editorBox });
  translateFormEditor(editorBox);
  editorBox.zzutEditor = editor; // for the browser tests and the console
  let preview = null;
  const schema = () => ({ ...editor.saveSchema(), id });

  const refresh = async () => {
    const current = schema();
    preview?.destroy();
    preview = new Form({ container: previewBox });
    await preview.importSchema(current, {});
    previewErrors.replaceChildren();
    const response = await api('/api/forms/check', { method: 'POST', body: { form: current } });
    showProblems(response.ok ? response.data.problems : [{ key: null, message: problemText(response) }], current);
  };
  const refreshSoon = debounce(refresh, 500);
  editor.on('changed', () => refreshSoon());

  async function load(form, message) {
    await editor.importSchema({ ...form, id });
    await refresh();
    if (message) status.show(message, 'info');
  }

  function showProblems(list, current) {
    const labels = new Map();
    const walk = components => (components ?? []).forEach(c => {
      if (c.key) labels.set(c.key, c.label || c.key);
      walk(c.components);
    });
    walk(current.components);
    editorBox.querySelectorAll('.zzut-problem').forEach(node => node.classList.remove('zzut-problem'));
    for (const problem of list) {
      const component = findByKey(current.components, problem.key);
      if (component) editorBox.querySelector(`.fjs-element[data-id="${CSS.escape(component.id)}"]`)?.classList.add('zzut-problem');
    }

    problems.replaceChildren(list.length === 0
      ? el('p', { class: 'done', id: 'form-ok' }, '服务端可以使用此表单。')
      : el('div', { class: 'errors', id: 'form-invalid' }, el('strong', {}, '服务端不能使用此表单（部署将被拒绝），请修改：'),
        el('ul', {}, list.map(p => el('li', { 'data-key': p.key ?? '' }, p.key ? `${labels.get(p.key) ?? p.key}（${p.key}）：${p.message}` : p.message)))));
  }

  checkButton.addEventListener('click', async () => {
    const { data, errors: browser } = preview.submit();
    const current = schema();
    const response = await api('/api/forms/check', { method: 'POST', body: { form: current, data } });
    const server = response.ok ? response.data.errors : { '': [problemText(response)] };
    // The browser names components by id, the server by key: both by their label here.
    const names = new Map();
    const walk = components => (components ?? []).forEach(c => {
      const name = c.label || c.key || c.id;
      names.set(c.id, name);
      if (c.key) names.set(c.key, name);
      walk(c.components);
    });
    walk(current.components);
    const lines = [
      ...Object.entries(browser).map(([key, messages]) => `浏览器检查：${names.get(key) ?? key}：${[messages].flat().map(formErrorText).join(' ')}`),
      ...Object.entries(server).map(([key, messages]) => `服务端检查：${names.get(key) ?? key}：${[messages].flat().join(' ')}`),
    ];
    previewErrors.replaceChildren(lines.length === 0
      ? el('p', { class: 'done', id: 'preview-ok' }, '填写内容通过浏览器和服务端的检查。')
      : el('div', { class: 'errors', id: 'preview-invalid' }, el('ul', {}, lines.map(line => el('li', {}, line)))));
  });

  downloadButton.addEventListener('click', () => download(`${id}.form`, JSON.stringify(schema(), null, 2), 'application/json'));
  deployButton.addEventListener('click', async () => {
    deployButton.disabled = true;
    const response = await api(`/api/forms/${encodeURIComponent(id)}`, { method: 'PUT', body: schema() });
    deployButton.disabled = false;
    if (response.status === 201) {
      // The page is drawn again from the server (versions, usage, the new latest) and keeps the message: a reload
      // would take it away before anyone had read it.
      await render(context, root, { text: `已部署为版本 ${response.data.version}。此后新开的任务和发起使用这个版本。`, kind: 'ok' });
    } else if (response.ok) {
      status.show(`内容与版本 ${response.data.version} 相同，没有产生新版本。`, 'info');
    } else if (response.status === 400 && response.data?.byComponent) {
      status.show('部署被拒绝，原因见上方。', 'error');
      showProblems(response.data.byComponent, schema());
    } else {
      status.show(`部署未成功：${problemText(response)}`, 'error');
    }
  });

  await load(latest);
  if (notice) status.show(notice.text, notice.kind);
}

function findByKey(components, key) {
  for (const component of components ?? []) {
    if (key && component.key === key) return component;
    const found = findByKey(component.components, key);
    if (found) return found;
  }

  return null;
}

/** Which definition versions and open tasks use the form. */
function usageView(usage) {
  if (usage.definitions.length === 0 && usage.openTasks.length === 0) return meta('没有流程使用此表单。', { id: 'usage' });
  return el('div', { id: 'usage' },
    el('ul', {}, usage.definitions.map(d => el('li', {},
      link(`/admin/definitions/${encodeURIComponent(d.key)}`, `${d.name ?? d.key} 版本 ${d.version}`), d.isLatest ? el('span', { class: 'pill' }, '最新') : null, '：',
      d.elements.map(e => e.name ?? e.elementId).join('、')))),
    usage.openTasks.length > 0
      ? el('p', { class: 'meta' }, `正在办理的任务：${usage.openTasks.map(t => `${t.name ?? t.elementId}（${t.definitionKey}）${t.count} 个`).join('；')}`)
      : el('p', { class: 'meta' }, '没有正在办理的任务使用此表单。'));
}
