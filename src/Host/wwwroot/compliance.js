// The figures of the leading group's annual summary (Art. 36): GET /api/compliance as tables.
import { api, beijing, el, showUser } from '/app.js';

function table(id, headings, rows) {
  return rows.length === 0
    ? el('p', { class: 'meta', id }, '无 (none)')
    : el('table', { id }, el('thead', {}, el('tr', {}, ...headings.map(h => el('th', {}, h)))),
      el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map(c => el('td', {}, c === null || c === undefined ? '—' : String(c)))))));
}

function section(titleText, ...content) {
  return el('section', { class: 'card' }, el('h1', {}, titleText), ...content);
}

await showUser();
const response = await api('/api/compliance');
if (!response.ok) {
  document.getElementById('meta').textContent = '仅领导小组、办公室、信息与网络管理中心和管理员可查看 (overseeing roles only)。';
} else {
  const r = response.data;
  document.getElementById('meta').textContent = `截至 ${r.today}（生成于 ${beijing(r.generatedAt)}）`;
  const statuses = { onTime: '按时', missed: '漏报', concealed: '瞒报' };
  document.getElementById('sections').append(
    section('信息系统（按等级）',
      table('systems-by-level', ['等级', '系统数', '已备案', '已测评', '30 日内到期', '逾期'],
        r.systems.byLevel.map(l => [l.level, l.systems, l.filed, l.evaluated, l.dueSoon, l.overdue])),
      el('h1', {}, '逾期未测评'),
      table('overdue-evaluations', ['系统', '单位', '等级', '应测评日期'], r.systems.overdueEvaluations.map(s => [s.name, s.unitCode, s.level, s.nextEvaluationDue]))),
    section('未办结的限期整改通知书',
      table('notices', ['编号', '单位', '整改期限', '状态'], r.rectificationNotices.map(n => [n.number, n.unitCode, n.deadline, n.overdue ? '已逾期' : n.status]))),
    section('云虚拟机',
      table('vms-by-missed-years', ['连续未备案年数', '虚拟机数'], r.vms.byMissedYears.map(g => [g.missedYears, g.vms])),
      el('h1', {}, '待回收'),
      table('vms-pending', ['服务器', 'IP', '单位', '未备案年数'], r.vms.pendingReclamation.map(v => [v.serverName, v.ipAddress, v.unitCode, v.missedYears]))),
    section('待安全检查的网站',
      table('websites', ['域名', '单位', '状态'], r.websitesAwaitingChecks.map(w => [w.domain, w.unitCode, w.status]))),
    section('安全事件（按报告时效）',
      table('incidents', ['报告时效', '事件数'], Object.entries(r.incidents.byReportingStatus).map(([k, v]) => [statuses[k] ?? k, v])),
      el('p', { class: 'meta' }, `未结案 ${r.incidents.open} · 约谈 ${r.incidents.interviews} · 通报 ${r.incidents.circulars}`)),
    section('通报批评',
      table('criticisms', ['单位', '理由', '时间'], r.criticisms.map(c => [c.unitCode, c.reason, beijing(c.at)]))));
}
