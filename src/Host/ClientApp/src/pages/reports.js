// 年度报告: the annual security reports (Art. 36) by year, for the overseeing roles; each links to its page.
import { getJson, items } from '../lib/api.js';
import { card, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { label, ledgerStatus } from '../lib/labels.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const reports = await getJson('/api/annual-reports').then(items);
  root.replaceChildren(card('年度网络信息安全检查报告',
    meta('每年 12 月由领导小组办公室编写（数据由系统从各台账汇总），经网络安全和信息化领导小组批准后可下载 Word 文档，并报送有关信息安全主管部门（第三十六条）。'),
    table({
      id: 'reports',
      rows: reports,
      empty: '暂无年度报告。',
      columns: [
        { label: '年度', cell: r => link(`/reports/${r.year}`, `${r.year} 年度`) },
        { label: '状态', value: r => label(ledgerStatus.reports, r.status) },
        { label: '批准时间', value: r => dateTime(r.approvedAt) },
        { label: '报送', value: r => r.submittedTo ? `${r.submittedTo}（${r.submittedOn}）` : '—' },
        { label: '文档', cell: r => (r.status === 'approved' || r.status === 'submitted') ? link(`/api/annual-reports/${r.year}/docx`, '下载 Word', { download: '' }) : '—' },
      ],
    })));
}
