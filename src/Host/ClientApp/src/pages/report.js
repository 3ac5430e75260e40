// One year's annual security report: its figures (from the ledgers), the office's text, the approval, and the Word
// document once approved.
import { getJson, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { date, dateTime } from '../lib/format.js';
import { label, ledgerStatus, systemLevel } from '../lib/labels.js';
import { table } from '../lib/table.js';

const incidentLevels = { 0: '未定级', 1: 'Ⅰ级（特别重大）', 2: 'Ⅱ级（重大）', 3: 'Ⅲ级（较大）', 4: 'Ⅳ级（一般）' };

export default async function render(context, root) {
  const year = Number(context.params.year);
  // Only a year that has a report is asked for (an unknown year would log a failed request in the console).
  const known = (await getJson('/api/annual-reports').then(items)).some(x => x.year === year);
  if (!known) {
    root.replaceChildren(card(`${year} 年度报告`, meta('该年度尚无报告。', { id: 'status' }), el('p', {}, link('/reports', '返回年度报告'))));
    return;
  }

  const r = await getJson(`/api/annual-reports/${year}`);
  const f = r.figures;
  const pairs = (id, rows) => table({ id, rows, columns: [{ label: '项目', value: x => x[0] }, { label: '数量', value: x => x[1] }] });
  const frozen = r.status === 'approved' || r.status === 'submitted';
  const text = (title, value) => card(title, el('p', { class: 'prose' }, value || '（尚未填写）'));
  root.replaceChildren(
    card(`郑州工程技术学院 ${r.year} 年度网络信息安全检查报告`,
      meta(`状态：${label(ledgerStatus.reports, r.status)} · 数据汇总于 ${dateTime(r.assembledAt)}（截至 ${date(f.asOf)}）${r.approvedAt ? ` · 领导小组批准于 ${dateTime(r.approvedAt)}` : ''}`, { id: 'status' }),
      frozen ? el('p', {}, link(`/api/annual-reports/${r.year}/docx`, '下载 Word 文档', { id: 'docx', download: '' })) : meta('批准后可下载 Word 文档。'),
      r.instanceId ? el('p', {}, link(`/instances/${r.instanceId}`, '查看流程')) : null),
    text('一、总体情况', r.overview),
    card('二、主要数据',
      el('h2', {}, '信息系统'),
      table({ id: 'systems', rows: f.systems.byLevel, columns: [
        { label: '等级', value: l => label(systemLevel, l.level) }, { label: '系统数', value: l => l.systems },
        { label: '已备案', value: l => l.filed }, { label: '本年度已测评', value: l => l.evaluatedInYear }] }),
      el('h2', {}, '检查与整改'),
      pairs('inspections', [['中心检查', f.inspections.centerInspections], ['已检查单位次数', f.inspections.unitsInspected], ['发现问题', f.inspections.unitsWithFindings],
        ['单位自查', f.inspections.selfInspections], ['限期整改通知书', f.inspections.noticesIssued], ['已整改', f.inspections.noticesCompleted],
        ['逾期未整改', f.inspections.noticesOverdue], ['通报批评', f.inspections.criticisms]]),
      el('h2', {}, '安全事件'),
      pairs('incidents', [...f.incidents.byLevel.map(l => [incidentLevels[l.key] ?? l.key, l.count]), ['按时报告', f.incidents.onTime],
        ['漏报', f.incidents.missed], ['瞒报', f.incidents.concealed], ['约谈', f.incidents.interviews], ['通报', f.incidents.circulars]]),
      el('h2', {}, '应急管理、培训与责任书'),
      pairs('emergency', [['现行应急预案', f.emergency.plansInForce], ['本年度应急演练', f.emergency.drillsHeld], ['安全培训场次', f.emergency.trainingSessions],
        ['开展培训的单位', `${f.emergency.unitsTrained}/${f.units}`], ['签订责任书（一）的单位', `${f.letters.unitsWithLetter}/${f.units}`],
        ['有效责任书（二）', f.letters.vendorLetters], ['收到预警', f.warnings.received], ['逾期或未反馈', f.warnings.answeredLate + f.warnings.unanswered],
        ['使用中的虚拟机', f.vms.active], ['已上线网站', f.websites.online], ['监测异常的网站', f.websites.failingWatch]])),
    text('三、存在的问题', r.problems),
    text('四、整改措施', r.measures),
    text('五、下一步工作计划', r.nextYearPlan),
    r.approvalOpinion ? text('领导小组意见', r.approvalOpinion) : null);
}
