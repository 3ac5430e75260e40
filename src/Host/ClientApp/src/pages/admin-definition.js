// 流程定义的版本: every version with who deployed it when and what still runs on it, its diagram (read-only), its
// XML to download, and a visual comparison of any two versions (added, removed and changed elements marked).
import { getJson, getText } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { changeList, compareXml } from '../lib/bpmn-diff.js';
import { showDiagram } from '../lib/diagram.js';
import { table } from '../lib/table.js';
import { button, download, statusLine } from '../lib/ui.js';

export default async function render(context, root) {
  const key = context.params.key;
  const overview = await getJson(`/api/definitions/${encodeURIComponent(key)}/overview`);
  const versions = overview.versions;
  const query = new URLSearchParams(location.search);
  const xmlOf = new Map();
  const xml = version => {
    if (!xmlOf.has(version)) xmlOf.set(version, getText(`/api/definitions/${encodeURIComponent(key)}/versions/${version}/xml`));
    return xmlOf.get(version);
  };

  const notice = statusLine('deployed');
  if (query.has('deployed')) {
    notice.show(query.get('unchanged') ? `内容与已部署的版本 ${query.get('deployed')} 相同，没有产生新版本。` : `已部署为版本 ${query.get('deployed')}。`, 'ok');
  }

  const viewBox = el('div', { id: 'diagram' });
  const viewTitle = el('h2', { id: 'diagram-title' });
  const showVersion = async version => {
    viewTitle.textContent = `版本 ${version} 的流程图（只读）`;
    await showDiagram(viewBox, await xml(version));
  };

  const versionSelect = (id, selected) => el('select', { id }, versions.map(v => el('option', { value: v.version, selected: v.version === selected }, `版本 ${v.version}`)));
  const latest = overview.latestVersion;
  const from = versionSelect('compare-from', Number(query.get('from')) || Math.max(1, latest - 1));
  const to = versionSelect('compare-to', Number(query.get('to')) || latest);
  const compareBox = el('div', { id: 'compare' });
  const compare = async () => {
    const [a, b] = [Number(from.value), Number(to.value)];
    const [before, after] = await Promise.all([xml(a), xml(b)]);
    const changes = await compareXml(before, after);
    const ids = list => new Set(list.map(e => e.id));
    const left = el('div', {}, el('h2', {}, `版本 ${a}`), el('div', { class: 'diagram-box' }));
    const right = el('div', {}, el('h2', {}, `版本 ${b}`), el('div', { class: 'diagram-box' }));
    compareBox.replaceChildren(
      el('p', { class: 'legend' }, el('span', { class: 'pill' }, '新增：绿'), el('span', { class: 'pill warn' }, '修改：橙'), el('span', { class: 'pill off' }, '删除：红（左图）')),
      changeList(changes),
      el('div', { class: 'compare' }, left, right));
    await showDiagram(left.lastChild, before, { marks: { 'zzut-removed': ids(changes.removed), 'zzut-changed': ids(changes.changed) } });
    await showDiagram(right.lastChild, after, { marks: { 'zzut-added': ids(changes.added), 'zzut-changed': ids(changes.changed) } });
  };

  root.replaceChildren(
    card(`${overview.name ?? key}（${key}）`,
      meta(latest ? `最新版本 ${latest}，${overview.deployedBy ?? ''} 部署于 ${dateTime(overview.deployedAt)}。已部署的版本只读。` : '尚未部署。'),
      notice,
      el('div', { class: 'toolbar' },
        link(`/admin/definitions/${encodeURIComponent(key)}/edit`, overview.draft ? `继续编辑草稿（${dateTime(overview.draft.savedAt)}）` : '编辑（新版本）', { class: 'button', id: 'edit' }),
        link('/admin/definitions', '全部流程定义')),
      table({
        id: 'versions',
        rows: [...versions].reverse(),
        empty: '尚无已部署的版本。',
        rowAttributes: v => ({ 'data-version': v.version }),
        columns: [
          { label: '版本', value: v => `版本 ${v.version}` },
          { label: '名称', value: v => v.name },
          { label: '部署时间', value: v => dateTime(v.deployedAt) },
          { label: '部署人', value: v => v.deployedBy },
          { label: '运行中的实例', value: v => v.runningInstances },
          { label: '', cell: v => el('span', { class: 'toolbar' },
            button('查看', { class: 'link', 'data-action': 'view' }, () => showVersion(v.version)),
            button('下载 XML', { class: 'link', 'data-action': 'download' }, async () => download(`${key}-v${v.version}.bpmn`, await xml(v.version), 'application/xml'))) },
        ],
      })),
    versions.length > 0 ? card(null, viewTitle, viewBox) : null,
    versions.length > 1 ? card('版本对比', el('div', { class: 'fields-inline' }, from, el('span', {}, '→'), to, button('对比', { id: 'compare-button', class: 'secondary' }, compare)), compareBox) : null);

  if (versions.length > 0) await showVersion(Number(query.get('version')) || latest);
  if (versions.length > 1 && (query.has('from') || query.has('to'))) {
    await compare();
    compareBox.scrollIntoView({ block: 'start' });
  }
}
