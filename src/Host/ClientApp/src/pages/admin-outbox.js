// 运维 · 邮件: the outbox — messages waiting and failed (or all), each viewable; a failed one is re-queued.
import { getJson } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime, text } from '../lib/format.js';
import { label, outboxStatus } from '../lib/labels.js';
import { actionButton, opsNav, send } from '../lib/ops.js';
import { table } from '../lib/table.js';

const views = [['failed', '发送失败'], ['pending', '待发送'], ['', '全部']];

export default async function render(context, root) {
  const status = new URLSearchParams(location.search).get('status') ?? 'failed';
  const messages = await getJson(`/api/outbox${status ? `?status=${status}` : ''}`);
  const reload = () => render(context, root);
  root.replaceChildren(opsNav('/admin/outbox'), card('邮件',
    el('nav', { class: 'tabs', id: 'outbox-tabs' }, views.map(([value, name]) =>
      link(`/admin/outbox${value ? `?status=${value}` : '?status='}`, name, { 'aria-current': value === status ? 'page' : null }))),
    meta(messages.length === 0 ? '没有邮件。' : `共 ${messages.length} 封。`, { id: 'summary' }),
    table({
      id: 'messages', rows: messages, empty: '',
      rowAttributes: m => ({ 'data-message-id': m.id }),
      columns: [
        { label: '主题', cell: m => el('details', { class: 'message' }, el('summary', {}, m.subject),
          el('dl', {},
            el('dt', {}, '收件人'), el('dd', {}, m.to),
            el('dt', {}, '抄送'), el('dd', {}, text(m.cc)),
            el('dt', {}, '尝试次数'), el('dd', {}, String(m.attempts)),
            el('dt', {}, '下次尝试'), el('dd', {}, dateTime(m.dueAt)),
            el('dt', {}, '服务器应答'), el('dd', {}, text(m.serverResponse)),
            el('dt', {}, '流程实例'), el('dd', {}, m.instanceId ? link(`/admin/instances/${m.instanceId}`, '查看') : '—'))) },
        { label: '收件人', value: m => m.to },
        { label: '状态', value: m => label(outboxStatus, m.status) },
        { label: '错误', value: m => m.lastError, class: 'message' },
        { label: '创建时间', value: m => dateTime(m.createdAt) },
        { label: '处理', cell: m => m.status === 'failed'
          ? actionButton('重新排队', { class: 'requeue-button' }, () => send(`/api/outbox/${m.id}/requeue`), reload)
          : '—' },
      ],
    })));
}
