// 台账: the ledgers the signed-in user may read — a unit its own rows, the overseeing roles every unit's — each row
// linking to the procedures (instances) that wrote it.
import { getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { date, dateTime } from '../lib/format.js';
import { choice, formFields, label, ledgerStatus, oralReportStatus, procedures, reportingStatus, systemLevel, units } from '../lib/labels.js';
import { oversees } from '../lib/shell.js';
import { table } from '../lib/table.js';

/** The ledgers: API path, title, and columns (field, heading, how to show the value). */
const ledgers = [
  { id: 'systems', title: '信息系统', path: '/api/systems', columns: [
    ['name', '名称'], ['unitCode', '单位', 'unit'], ['level', '等级', v => label(systemLevel, v)], ['status', '状态', 'status'],
    ['filingNumber', '备案编号'], ['nextEvaluationDue', '下次测评', date]] },
  { id: 'websites', title: '网站', path: '/api/websites', columns: [
    ['domain', '域名'], ['unitCode', '单位', 'unit'], ['status', '状态', 'status'], ['ipAddress', 'IP 地址'], ['openingDate', '开通日期', date]] },
  { id: 'incidents', title: '安全事件', path: '/api/incidents', columns: [
    ['title', '事件'], ['unitCode', '单位', 'unit'], ['occurredAt', '发生时间', dateTime], ['status', '阶段', 'status'],
    ['reportingStatus', '报告时效', v => label(reportingStatus, v)], ['oralReportStatus', '口头报告', v => label(oralReportStatus, v)],
    ['approvedLevel', '事件级别', 'incidentLevel']] },
  { id: 'vms', title: '云虚拟机', path: '/api/vms', columns: [
    ['serverName', '服务器'], ['unitCode', '单位', 'unit'], ['ipAddress', 'IP 地址'], ['status', '状态', 'status'],
    ['consecutiveMissedYears', '连续未备案（年）'], ['nextRegistrationDue', '下次备案', date]] },
  { id: 'hosted-servers', title: '托管服务器', path: '/api/hosted-servers', columns: [
    ['serverName', '服务器'], ['unitCode', '单位', 'unit'], ['ipAddress', 'IP 地址'], ['status', '状态', 'status'], ['hostingTo', '托管至', date]] },
  { id: 'hosting-changes', title: '变更申请', path: '/api/hosting-changes', columns: [
    ['label', '服务器'], ['unitCode', '单位', 'unit'], ['reason', '变更原因'], ['status', '状态', 'status'], ['createdAt', '申请时间', dateTime]] },
];

export default async function render(context, root) {
  const all = oversees();
  const [unitNames, names, incidentLevels] = await Promise.all([units(), procedures(), formFields('incident-approve-level')]);
  const own = context.user.unitCode;
  root.replaceChildren(card('台账', meta(all
    ? '全校台账：各单位的信息系统、网站、安全事件、云虚拟机和托管服务器。'
    : `本单位（${unitNames.get(own) ?? own}）的台账：只显示本单位的记录。`, { id: 'meta' })));

  const shows = {
    unit: v => unitNames.get(v) ?? v,
    incidentLevel: v => choice(incidentLevels.get('approvedLevel'), v),
  };
  const rowsByLedger = await Promise.all(ledgers.map(l => getJson(l.path).then(items)));
  ledgers.forEach((ledger, i) => {
    const rows = rowsByLedger[i];
    const columns = ledger.columns
      .filter(([field]) => all || field !== 'unitCode')
      .map(([field, heading, show]) => ({
        label: heading,
        value: row => (show === 'status' ? label(ledgerStatus[ledger.id], row.status) : typeof show === 'string' ? shows[show](row[field]) : show ? show(row[field]) : row[field]),
      }));
    columns.push({ label: '相关流程', cell: row => instanceLinks(row.instances, names) });
    root.append(card(`${ledger.title}（${rows.length}）`, table({
      id: ledger.id,
      rows,
      columns,
      empty: all ? `暂无${ledger.title}记录。` : `本单位暂无${ledger.title}记录。`,
    })));
  });
}

/** Links to the instances that wrote a row, newest first, each once, by procedure name. */
function instanceLinks(instances, names) {
  const seen = new Map();
  for (const i of [...(instances ?? [])].reverse()) {
    if (!seen.has(i.instanceId)) seen.set(i.instanceId, i);
  }

  if (seen.size === 0) return '—';
  return el('span', { class: 'instance-links' }, [...seen.values()].map(i =>
    link(`/instances/${i.instanceId}`, names.get(i.definitionKey) ?? i.definitionKey, { class: 'instance-link' })));
}
