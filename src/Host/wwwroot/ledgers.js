// The ledgers the signed-in user may read: a unit its own rows, the overseeing roles all of them.
import { api, beijing, el, oversees, showUser } from '/app.js';

const ledgers = [
  { id: 'systems', title: '信息系统', path: '/api/systems', columns: [['name', '名称'], ['unitCode', '单位'], ['approvedLevel', '等级'], ['status', '状态'], ['filingNumber', '备案编号'], ['nextEvaluationDue', '下次测评']] },
  { id: 'websites', title: '网站', path: '/api/websites', columns: [['domain', '域名'], ['unitCode', '单位'], ['status', '状态'], ['ipAddress', 'IP'], ['openingDate', '开通日期']] },
  { id: 'incidents', title: '安全事件', path: '/api/incidents', columns: [['title', '事件'], ['unitCode', '单位'], ['occurredAt', '发生时间'], ['phase', '阶段'], ['reportingStatus', '报告时效'], ['approvedLevel', '级别']] },
  { id: 'vms', title: '云虚拟机', path: '/api/vms', columns: [['serverName', '服务器'], ['unitCode', '单位'], ['ipAddress', 'IP'], ['status', '状态'], ['consecutiveMissedYears', '连续未备案'], ['nextRegistrationDue', '下次备案']] },
  { id: 'hosted-servers', title: '托管服务器', path: '/api/hosted-servers', columns: [['serverName', '服务器'], ['unitCode', '单位'], ['ipAddress', 'IP'], ['status', '状态'], ['hostingTo', '托管至']] },
];

function cell(value) {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? beijing(value) : String(value);
}

const me = await showUser();
document.getElementById('meta').textContent = me.unitCode && !oversees(me)
  ? `本单位（${me.unitCode}）的台账。` : '全校台账。';
for (const ledger of ledgers) {
  const rows = (await api(ledger.path)).data;
  const content = rows.length === 0
    ? el('p', { class: 'meta' }, '无 (none)')
    : el('table', { id: ledger.id },
      el('thead', {}, el('tr', {}, ...ledger.columns.map(([, heading]) => el('th', {}, heading)))),
      el('tbody', {}, ...rows.map(row => el('tr', {}, ...ledger.columns.map(([field]) => el('td', {}, cell(row[field])))))));
  document.getElementById('sections').append(el('section', { class: 'card' }, el('h1', {}, `${ledger.title}（${rows.length}）`), content));
}
