// 台账: the ledgers the signed-in user may read — a unit its own rows, the overseeing roles every unit's — each row
// linking to the procedures (instances) that wrote it.
import { getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { date, dateTime } from '../lib/format.js';
import { choice, formFields, label, ledgerStatus, letterKind, oralReportStatus, planScope, procedures, reportingStatus, systemLevel, units, warningLevel, watchOutcome } from '../lib/labels.js';
import { oversees } from '../lib/shell.js';
import { table } from '../lib/table.js';

/** The ledgers: API path, title, and columns (field, heading, how to show the value). */
const ledgers = [
  { id: 'systems', title: '信息系统', path: '/api/systems', columns: [
    ['name', '名称'], ['unitCode', '单位', 'unit'], ['level', '等级', v => label(systemLevel, v)], ['status', '状态', 'status'],
    ['filingNumber', '备案编号'], ['nextEvaluationDue', '下次测评', date]] },
  { id: 'websites', title: '网站', path: '/api/websites', columns: [
    ['domain', '域名'], ['unitCode', '单位', 'unit'], ['status', '状态', 'status'], ['ipAddress', 'IP 地址'], ['openingDate', '开通日期', date],
    ['lastCheckOutcome', '监测', v => label(watchOutcome, v)], ['lastCheckedAt', '最近监测', dateTime], ['lastCheckProblem', '监测发现']] },
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
  { id: 'letters', title: '网络与信息安全责任书', path: '/api/letters', columns: [
    ['kind', '类别', v => label(letterKind, v)], ['number', '编号'], ['unitCode', '单位', 'unit'], ['company', '公司'], ['signer', '签字人'],
    ['responsiblePerson', '责任人'], ['signedOn', '签订日期', date], ['validUntil', '责任期至', date], ['status', '状态', 'status'], ['scanFileName', '扫描件', 'scan']] },
  { id: 'person-changes', title: '责任人变更', path: '/api/person-changes', columns: [
    ['unitCode', '单位', 'unit'], ['previousPerson', '原责任人'], ['newPerson', '新责任人'], ['changedOn', '变更日期', date], ['reportedAt', '报告时间', dateTime],
    ['late', '逾期报告', v => (v ? '是' : '否')]] },
  { id: 'inspections', title: '检查整改', path: '/api/inspection-units', columns: [
    ['title', '检查'], ['unitCode', '单位', 'unit'], ['plannedDate', '检查日期', date], ['findings', '发现的问题'], ['status', '状态', 'status']] },
  { id: 'self-inspections', title: '单位自查', path: '/api/self-inspections', columns: [
    ['period', '周期'], ['unitCode', '单位', 'unit'], ['dueDate', '截止日期', date], ['submittedAt', '提交时间', dateTime], ['status', '状态', 'status']] },
  { id: 'trainings', title: '安全培训', path: '/api/trainings', columns: [
    ['trainingDate', '日期', date], ['unitCode', '单位', 'unit'], ['topic', '主题'], ['trainer', '主讲人'], ['attendeeCount', '人数']] },
];

/** The ledgers no single unit owns (a unit sees what concerns it). */
const shared = [
  { id: 'plans', title: '应急预案', path: '/api/emergency-plans', columns: [
    ['title', '预案'], ['scope', '类别', v => label(planScope, v)], ['unitCode', '单位', 'unit'], ['version', '版本'], ['filingNumber', '备案编号'],
    ['filedOn', '备案日期', date], ['nextReviewDue', '下次评估', date], ['status', '状态', 'status']] },
  { id: 'drills', title: '应急演练', path: '/api/drills', columns: [
    ['title', '演练'], ['plannedDate', '计划日期', date], ['heldOn', '演练日期', date], ['participantCount', '参演人数'], ['status', '状态', 'status']] },
  { id: 'warnings', title: '预警', path: '/api/warnings', columns: [
    ['number', '编号'], ['title', '预警'], ['level', '级别', v => label(warningLevel, v)], ['deadline', '反馈期限', date], ['status', '状态', 'status'],
    ['responses', '各单位反馈', 'responses']] },
];

export default async function render(context, root) {
  const all = oversees();
  const [unitNames, names, incidentLevels] = await Promise.all([units(), procedures(), formFields('incident-approve-level')]);
  const own = context.user.unitCode;
  root.replaceChildren(card('台账', meta(all
    ? '全校台账：各单位的信息系统、网站、安全事件、云虚拟机、托管服务器、责任书、检查整改、自查、培训，以及应急预案、演练和预警。'
    : `本单位（${unitNames.get(own) ?? own}）的台账：只显示本单位的记录（应急预案、演练和预警显示与本单位有关的部分）。`, { id: 'meta' }),
    el('p', {}, link('/duty', '查看值班表'))));

  const shows = {
    unit: v => (v ? unitNames.get(v) ?? v : '—'),
    incidentLevel: v => choice(incidentLevels.get('approvedLevel'), v),
    scan: v => v ?? '—',
    responses: v => (v ?? []).map(r => `${unitNames.get(r.unitCode) ?? r.unitCode}：${label(ledgerStatus.responses, r.status)}${r.late ? '（逾期）' : ''}`).join('；'),
  };
  const every = [...ledgers, ...shared];
  const rowsByLedger = await Promise.all(every.map(l => getJson(l.path).then(items)));
  every.forEach((ledger, i) => {
    const rows = rowsByLedger[i];
    const columns = ledger.columns
      .filter(([field]) => all || field !== 'unitCode')
      .map(([field, heading, show]) => ({
        label: heading,
        value: row => (show === 'status' ? label(ledgerStatus[ledger.id], row.status) : typeof show === 'string' ? shows[show](row[field]) : show ? show(row[field]) : row[field]),
        cell: show === 'scan' ? row => (row.scanFileName ? link(`/api/letters/${row.id}/scan`, row.scanFileName, { download: row.scanFileName }) : '—') : undefined,
      }));
    if (ledgers.includes(ledger)) columns.push({ label: '相关流程', cell: row => instanceLinks(row.instances, names) });
    root.append(card(`${ledger.title}（${rows.length}）`, table({
      id: ledger.id,
      rows,
      columns,
      // Each row has an address (/ledgers#systems-{id}): the pages that name a row by its name link here.
      rowAttributes: row => ({ id: `${ledger.id}-${row.id}`, class: location.hash === `#${ledger.id}-${row.id}` ? 'target' : null }),
      empty: all ? `暂无${ledger.title}记录。` : `本单位暂无${ledger.title}记录。`,
    })));
  });

  // The rows arrive after the browser looked for the address's row: show it now.
  if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: 'center' });
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
