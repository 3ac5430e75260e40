// 运维 · 一个流程实例: its incidents with the error (retry, administrators), its variables by their form labels and shown
// as the forms show them (administrators edit them by name, recorded in the history), its open tasks (the center and administrators reassign them), timers and e-mails, and
// cancelling it (administrators).
import { api } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { elementNames, instanceStatus, label, outboxStatus, procedures, taskStatus, units } from '../lib/labels.js';
import { actionButton, opsNav, send } from '../lib/ops.js';
import { hasAnyRole } from '../lib/shell.js';
import { table } from '../lib/table.js';

export default async function render(context, root) {
  const id = context.params.id;
  const found = await api(`/api/operations/instances/${id}`);
  if (!found.ok) {
    root.replaceChildren(opsNav('/admin/instances'), card(null, el('h1', { id: 'title' }, '流程实例不存在'), el('p', {}, link('/admin/instances', '返回流程实例'))));
    return;
  }

  const { instance, tasks, timers, messages, variables } = found.data;
  const admin = hasAnyRole('admin');
  const [names, unitNames, elements] = await Promise.all([procedures(), units(), elementNames(instance.definitionKey, instance.version)]);
  const element = elementId => elements.get(elementId) ?? elementId;
  const reload = () => render(context, root);
  const running = instance.status === 'active' || instance.status === 'incident';
  const openIncidents = instance.incidents.filter(x => x.status === 'open');

  const editor = admin && running ? variableEditor(id, variables, reload) : null;
  const cancel = admin && running ? cancelButton(id, reload) : null;

  root.replaceChildren(
    opsNav('/admin/instances'),
    card(null,
      el('h1', { id: 'title' }, instance.title || names.get(instance.definitionKey) || instance.definitionKey),
      el('p', { class: 'meta', id: 'meta' },
        el('span', { class: `status status-${instance.status}`, id: 'status' }, label(instanceStatus, instance.status)),
        ` · ${names.get(instance.definitionKey) ?? instance.definitionKey} · 第 ${instance.version} 版`,
        instance.unitCode ? ` · ${unitNames.get(instance.unitCode) ?? instance.unitCode}` : '',
        instance.businessKey ? ` · 业务编号 ${instance.businessKey}` : '',
        ` · ${instance.startedBy ?? ''} 发起于 ${dateTime(instance.startedAt)} · `,
        link(`/instances/${id}`, '流程图与历史', { id: 'diagram-link' })),
      cancel),
    card('故障', table({
      id: 'incidents', rows: openIncidents, empty: '没有待处理的故障。',
      rowAttributes: x => ({ 'data-incident-id': x.id }),
      columns: [
        { label: '环节', value: x => element(x.elementId) },
        { label: '错误', value: x => x.message, class: 'message' },
        { label: '发生时间', value: x => dateTime(x.createdAt) },
        ...(admin ? [{ label: '处理', cell: x => actionButton('重试', { class: 'retry-button' },
          () => send(`/api/instances/${id}/incidents/${x.id}/retry`), reload) }] : []),
      ],
    }), admin && openIncidents.length > 0 ? meta('先在下方修正导致故障的变量，再重试。') : null),
    card('变量', table({
      id: 'variables', rows: variables, empty: '没有变量。',
      rowAttributes: v => ({ 'data-name': v.name }),
      columns: [
        { label: '项目', value: v => v.label, class: 'label' },
        { label: '值', cell: v => (v.href ? link(v.href, v.display || '—', { class: 'reference-link' }) : v.display || '—'), class: 'value' },
        { label: '来源', value: v => v.source ?? '', class: 'source' },
        { label: '变量名', value: v => v.name, class: 'name' },
      ],
    }), editor),
    card('待办任务', table({
      id: 'tasks', rows: tasks.filter(t => t.status === 'open'), empty: '没有待办任务。',
      rowAttributes: t => ({ 'data-task-id': t.id }),
      columns: [
        { label: '任务', value: t => t.name || element(t.elementId) },
        { label: '办理人', value: t => t.assignee ?? (t.candidateGroups.length ? `候选：${t.candidateGroups.join('、')}` : null) },
        { label: '截止时间', value: t => dateTime(t.dueAt) },
        { label: '状态', value: t => label(taskStatus, t.status) },
        ...(hasAnyRole('admin', 'center') ? [{ label: '改派', cell: t => reassign(t, reload) }] : []),
      ],
    })),
    card('定时器', table({
      id: 'timers', rows: timers, empty: '没有等待中的定时器。',
      columns: [
        { label: '环节', value: t => element(t.elementId) },
        { label: '到期时间', value: t => dateTime(t.dueAt) },
        { label: '已触发次数', value: t => t.firedCount },
      ],
    })),
    card('邮件', table({
      id: 'messages', rows: messages, empty: '没有邮件。',
      columns: [
        { label: '主题', value: m => m.subject },
        { label: '收件人', value: m => m.to },
        { label: '状态', value: m => label(outboxStatus, m.status) },
        { label: '错误', value: m => m.lastError },
        { label: '时间', value: m => dateTime(m.sentAt ?? m.createdAt) },
      ],
    })));
}

/** Administrators set a variable by its name (offered with its label): a JSON value (number, true/false, list, object) or plain text. */
function variableEditor(id, variables, reload) {
  const name = el('input', { id: 'variable-name', list: 'variable-names', required: true, placeholder: '变量名' });
  const value = el('textarea', { id: 'variable-value', rows: 2, placeholder: '新值（文本，或 JSON：数字、true/false、列表、对象）' });
  const names = el('datalist', { id: 'variable-names' }, variables.map(v => el('option', { value: v.name, label: v.label === v.name ? v.name : `${v.label}（${v.name}）` })));
  name.addEventListener('change', () => {
    const current = variables.find(v => v.name === name.value);
    if (current) value.value = typeof current.value === 'string' ? current.value : JSON.stringify(current.value);
  });
  const parse = raw => { try { return JSON.parse(raw); } catch { return raw; } };
  return el('div', { class: 'editor', id: 'variable-editor' },
    el('h2', {}, '修改变量（记入历史）'),
    el('label', {}, '名称 ', name), names,
    el('label', {}, '值 ', value),
    actionButton('保存', { class: 'primary', id: 'variable-save' },
      () => send(`/api/instances/${id}/variables`, { [name.value.trim()]: parse(value.value) }, 'PATCH'), reload));
}

/** Cancelling asks once more before it is done. */
function cancelButton(id, reload) {
  const confirm = actionButton('确认撤销', { class: 'danger', id: 'cancel-confirm', hidden: true },
    () => send(`/api/instances/${id}/cancel`), reload);
  const ask = el('button', { type: 'button', id: 'cancel' }, '撤销流程');
  ask.addEventListener('click', () => { ask.hidden = true; confirm.querySelector('button').hidden = false; });
  return el('p', { class: 'actions' }, ask, confirm);
}

function reassign(task, reload) {
  const input = el('input', { type: 'text', class: 'assignee', placeholder: '用户名', 'aria-label': '改派给', size: 8, value: task.assignee ?? '' });
  return el('span', { class: 'assign' }, input,
    actionButton('改派', { class: 'assign-button' }, () => send(`/api/tasks/${task.id}/assign`, { assignee: input.value }), reload));
}
