// One task: the case it decides (read-only, newest first), then its form (form-js, the same schema the server
// validates against) — empty except the fields the definition fills in on purpose — filled in and submitted.
import { api, getJson } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { formPage, formParts } from '../lib/form.js';
import { dateTime } from '../lib/format.js';
import { procedures } from '../lib/labels.js';

/**
 * A field's display value: a ledger row or instance the user may see links to its page; a document given as a web address
 * (http or https only) becomes a link that opens apart.
 */
function fieldValue(display, href) {
  const text = display || '—';
  if (href) return link(href, text, { class: 'reference-link' });
  if (!/^https?:\/\/\S+$/i.test(text)) return text;
  return link(text, text, { class: 'case-link', target: '_blank', rel: 'noopener noreferrer' });
}

/** The earlier submissions of the instance, each with who, when and its fields (labels and display values from the server). */
function caseSection(entries) {
  return el('section', { class: 'card case', id: 'case' },
    el('h2', {}, '案卷（已提交的内容，只读）'),
    entries.map(entry => el('article', { class: 'case-entry', 'data-element-id': entry.elementId },
      el('h3', {}, entry.name),
      meta(`${entry.byName && entry.byName !== entry.by ? `${entry.byName}（${entry.by}）` : (entry.by || '系统')} · ${entry.atLocal}`),
      entry.fields.length
        ? el('dl', { class: 'case-fields' }, entry.fields.flatMap(f => [el('dt', { 'data-key': f.key }, f.label), el('dd', { 'data-key': f.key }, fieldValue(f.display, f.href))]))
        : meta('（未填写内容）'))));
}

export default async function render(context, root) {
  const taskId = context.params.id;
  const found = await api(`/api/tasks/${taskId}`);
  if (!found.ok) {
    root.replaceChildren(card(null, el('h1', { id: 'title' }, '任务不存在，或您无权办理'), el('p', {}, link('/', '返回待办'))));
    return;
  }

  const task = found.data;
  const names = await procedures();
  const header = card(null,
    el('h1', { id: 'title' }, task.name || '任务'),
    el('p', { class: 'meta', id: 'meta' },
      `${names.get(task.definitionKey) ?? task.definitionKey}${task.businessKey ? '（' + task.businessKey + '）' : ''} · 截止 ${dateTime(task.dueAt)} · `,
      link(`/instances/${task.instanceId}`, '查看流程进度', { id: 'instance-link' })));
  // The case between the task and its form; without a case the form stays in the task's card.
  const hasCase = task.case?.length > 0;
  const section = hasCase ? card(null) : header;
  root.replaceChildren(header, ...(hasCase ? [caseSection(task.case), section] : []));
  if (task.status !== 'open') {
    section.append(el('p', { class: 'done', id: 'done' },
      task.status === 'completed' ? `该任务已由 ${task.completedBy || ''} 于 ${dateTime(task.completedAt)} 办理。` : '该任务已取消。'));
    return;
  }

  await formPage({
    parts: formParts(section, '提交'),
    schema: task.formRef ? await getJson(`/api/forms/${encodeURIComponent(task.formRef)}`) : null,
    data: task.formData ?? {},
    send: variables => api(`/api/tasks/${taskId}/complete`, { method: 'POST', body: { variables } }),
    succeeded: target => target.replaceChildren('已提交，任务完成。', link('/', '返回待办')),
  });
}
