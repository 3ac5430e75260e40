// 流程定义: every deployed or drafted key with its Chinese name, latest version, who deployed it when, the instances
// still running on each version, and its draft; a new definition or an uploaded .bpmn opens in the designer.
import { api, getJson } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { table } from '../lib/table.js';
import { fileInput, problemText, statusLine } from '../lib/ui.js';

export default async function render(context, root) {
  const definitions = await getJson('/api/definitions/overview');
  const status = statusLine('status');
  const upload = fileInput('.bpmn,.xml,application/xml,text/xml', async text => {
    // The file becomes the draft of its process id (its key); the designer opens it and checks it.
    const key = new DOMParser().parseFromString(text, 'application/xml').querySelector('process[isExecutable="true"], process')?.getAttribute('id');
    if (!key) {
      status.show('无法读取该文件：找不到可执行流程（<bpmn:process>）。', 'error');
      return;
    }

    const existing = definitions.find(d => d.key === key);
    const query = existing?.draft ? `?revision=${existing.draft.revision}` : existing?.latestVersion ? `?baseVersion=${existing.latestVersion}` : '';
    const response = await api(`/api/definitions/${encodeURIComponent(key)}/draft${query}`, { method: 'PUT', body: text, contentType: 'application/xml' });
    if (response.ok) {
      location.assign(`/admin/definitions/${encodeURIComponent(key)}/edit`);
    } else {
      status.show(`未能导入：${problemText(response)}`, 'error');
    }
  }, { id: 'upload', class: 'visually-hidden' });

  const running = d => d.versions.filter(v => v.runningInstances > 0).map(v => `版本 ${v.version}：${v.runningInstances}`).join('；') || '无';
  root.replaceChildren(card('流程定义',
    meta(`共 ${definitions.length} 个流程。已部署的版本只读；修改在设计器中保存为草稿，部署后成为新版本。`),
    el('div', { class: 'toolbar' }, link('/admin/definitions/new', '新建流程', { class: 'button', id: 'new-definition' }),
      el('label', { class: 'button', for: 'upload' }, '上传 .bpmn', upload)),
    status,
    table({
      id: 'definitions',
      rows: definitions,
      empty: '尚无流程定义。',
      rowAttributes: d => ({ 'data-key': d.key }),
      columns: [
        { label: '流程', cell: d => link(`/admin/definitions/${encodeURIComponent(d.key)}`, d.name || d.key) },
        { label: '标识', value: d => d.key },
        { label: '最新版本', cell: d => (d.latestVersion ? `版本 ${d.latestVersion}` : el('span', { class: 'pill off' }, '未部署')) },
        { label: '部署', value: d => (d.deployedAt ? `${dateTime(d.deployedAt)} ${d.deployedBy ?? ''}` : null) },
        { label: '运行中的实例', value: running },
        { label: '草稿', cell: d => (d.draft ? el('span', { class: 'pill warn' }, `${d.draft.savedBy ?? ''} ${dateTime(d.draft.savedAt)}`) : '—') },
        { label: '', cell: d => link(`/admin/definitions/${encodeURIComponent(d.key)}/edit`, d.draft ? '继续编辑' : '编辑') },
      ],
    })));
}
