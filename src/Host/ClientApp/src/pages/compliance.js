// 合规概况: the figures of the leading group's annual summary (Art. 36), with the CSV (the overseeing roles only; the
// host answers everybody else with the 无权访问 page).
import { getJson } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { date, dateTime } from '../lib/format.js';
import { label, ledgerStatus, oralReportStatus, reportingStatus, systemLevel, units } from '../lib/labels.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const [r, unitNames] = await Promise.all([getJson('/api/compliance'), units()]);
  const unit = code => unitNames.get(code) ?? code;
  const rows = (id, headings, data) => table({ id, rows: data, columns: headings.map((h, i) => ({ label: h, value: row => row[i] })) });
  root.replaceChildren(
    card('合规概况',
      meta(`截至 ${date(r.today)}（生成于 ${dateTime(r.generatedAt)}）`, { id: 'meta' }),
      el('p', {}, el('a', { href: '/api/compliance?format=csv', download: 'compliance.csv', id: 'csv' }, '下载 CSV（年度总结数据）'))),
    card('信息系统（按等级）',
      rows('systems-by-level', ['等级', '系统数', '已备案', '已测评', '30 日内到期', '逾期'],
        r.systems.byLevel.map(l => [label(systemLevel, l.level), l.systems, l.filed, l.evaluated, l.dueSoon, l.overdue])),
      el('h2', {}, '逾期未测评'),
      rows('overdue-evaluations', ['系统', '单位', '等级', '应测评日期'],
        r.systems.overdueEvaluations.map(s => [s.name, unit(s.unitCode), label(systemLevel, s.level), date(s.nextEvaluationDue)]))),
    card('未办结的限期整改通知书',
      rows('notices', ['编号', '单位', '整改期限', '状态'],
        r.rectificationNotices.map(n => [n.number, unit(n.unitCode), date(n.deadline), n.overdue ? '已逾期' : label(ledgerStatus.notices, n.status)]))),
    card('云虚拟机',
      rows('vms-by-missed-years', ['连续未备案年数', '虚拟机数'], r.vms.byMissedYears.map(g => [g.missedYears, g.vms])),
      el('h2', {}, '待回收'),
      rows('vms-pending', ['服务器', 'IP 地址', '单位', '未备案年数'], r.vms.pendingReclamation.map(v => [v.serverName, v.ipAddress, unit(v.unitCode), v.missedYears])),
      el('h2', {}, '暂停使用或关闭'),
      rows('vms-suspended', ['服务器', '单位', '状态', '原因', '时间'],
        r.vms.suspended.map(v => [v.serverName, unit(v.unitCode), label(ledgerStatus.vms, v.status), v.reason, dateTime(v.since)])),
      el('h2', {}, '待审批的变更申请'),
      rows('changes-pending', ['服务器', '单位', '申请时间'], r.pendingChanges.map(c => [c.label, unit(c.unitCode), dateTime(c.requestedAt)]))),
    card('待安全检查的网站',
      rows('websites', ['域名', '单位', '状态'], r.websitesAwaitingChecks.map(w => [w.domain, unit(w.unitCode), label(ledgerStatus.websites, w.status)]))),
    card('安全事件（按报告时效）',
      rows('incidents', ['报告时效', '事件数'], Object.entries(r.incidents.byReportingStatus).map(([k, v]) => [label(reportingStatus, k), v])),
      rows('incidents-oral', ['口头报告（30 分钟）', '事件数'], Object.entries(r.incidents.byOralReportStatus).map(([k, v]) => [label(oralReportStatus, k), v])),
      meta(`未结案 ${r.incidents.open} 起 · 约谈 ${r.incidents.interviews} 次 · 通报 ${r.incidents.circulars} 次 · 待研判的事件报告 ${r.incidents.tipsAwaitingTriage} 件`)),
    card('通报批评',
      rows('criticisms', ['单位', '理由', '时间'], r.criticisms.map(c => [unit(c.unitCode), c.reason, dateTime(c.at)]))),
    duties(r.duties, unit, rows));
}

/** The standing duties' lines: inspections, self-inspections, drills, training, letters, the website watch, warnings. */
function duties(d, unit, rows) {
  const last = d.drills.lastHeld;
  return card('常态化工作',
    meta(`检查整改未办结 ${d.inspections.open} 项 · 本年应急演练 ${d.drills.heldThisYear} 次（最近一次：${last ? `${last.title}，${date(last.heldOn)}` : '无'}） · `
      + `本年开展安全培训的单位 ${d.training.trained}/${d.training.units}`, { id: 'duties-summary' }),
    el('h2', {}, '逾期的检查整改'),
    rows('inspections-overdue', ['检查', '单位', '状态', '检查日期', '整改期限'],
      d.inspections.overdue.map(i => [i.title, unit(i.unitCode), label(ledgerStatus.inspections, i.status), date(i.plannedDate), date(i.deadline)])),
    el('h2', {}, '逾期未报的单位自查'),
    rows('self-inspections-overdue', ['单位', '周期', '截止日期'], d.selfInspectionsOverdue.map(s => [unit(s.unitCode), s.period, date(s.dueDate)])),
    el('h2', {}, '本年未开展安全培训的单位'),
    rows('untrained', ['单位'], d.training.untrainedUnits.map(u => [unit(u)])),
    el('h2', {}, '缺少有效责任书（一）的单位'),
    rows('letters-missing', ['单位'], d.lettersMissing.map(u => [unit(u)])),
    el('h2', {}, '监测异常的网站'),
    rows('websites-failing', ['域名', '单位', '异常开始', '连续失败', '情况'],
      d.websitesFailing.map(w => [w.domain, unit(w.unitCode), dateTime(w.failingSince), w.failures, w.problem])),
    el('h2', {}, '处置中的预警'),
    rows('warnings-open', ['编号', '预警', '反馈期限', '待反馈', '逾期单位'],
      d.warningsOpen.map(w => [w.number, w.title, date(w.deadline), w.awaitedAnswers, w.overdueUnits.map(unit).join('、') || '—'])));
}
