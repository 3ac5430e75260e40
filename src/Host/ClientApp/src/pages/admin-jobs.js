// 运维 · 定时任务: the scheduled scans with their schedule, last run and what it started; run one now. The Hangfire
// dashboard (every background job) is linked.
import { getJson } from '../lib/api.js';
import { card, el, link } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { actionButton, opsNav, send } from '../lib/ops.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const jobs = await getJson('/api/jobs');
  const result = el('div', { id: 'run-result' });
  const reload = async run => {
    await render(context, root);
    root.querySelector('#run-result').replaceChildren(runSummary(run));
  };
  root.replaceChildren(opsNav('/admin/jobs'), card('定时任务',
    el('p', { class: 'meta' }, '后台作业的全部细节见 ', link('/hangfire', 'Hangfire 控制台', { id: 'hangfire-link' }), '。'),
    table({
      id: 'jobs', rows: jobs, empty: '没有定时任务。',
      rowAttributes: j => ({ 'data-job': j.name }),
      columns: [
        { label: '任务', value: j => j.description },
        { label: '计划', value: j => `${j.cron}（${j.timeZone}）${j.enabled ? '' : ' · 已停用'}` },
        { label: '上次运行', value: j => j.lastRun ? `${dateTime(j.lastRun.startedAt)} · ${trigger(j.lastRun.trigger)}` : '尚未运行' },
        { label: '结果', cell: j => j.lastRun ? runSummary(j.lastRun) : '—' },
        { label: '操作', cell: j => actionButton('立即运行', { class: 'run-button' }, () => send(`/api/jobs/${encodeURIComponent(j.name)}/run`), reload) },
      ],
    }), result));
}

function trigger(value) {
  return value?.startsWith('manual:') ? `${value.slice(7)} 手动运行` : '按计划';
}

function runSummary(run) {
  return el('span', { class: 'run' },
    `发起 ${run.started} 项，跳过 ${run.skipped} 项`,
    run.error ? el('span', { class: 'errors inline' }, `；出错：${run.error}`) : '',
    ...run.startedIds.slice(0, 10).map((id, i) => [' ', link(`/admin/instances/${id}`, `#${i + 1}`)]).flat());
}
