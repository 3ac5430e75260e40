// 用户: the accounts — create one with a one-time password (shown once, or e-mailed), change name, e-mail, unit and
// roles, disable and enable, unlock, reset the password; import a unit's people from CSV (preview, then commit); each
// account's entries in the security history.
import { api, getJson, getPage } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { label, roleNames, units as unitNames } from '../lib/labels.js';
import { table } from '../lib/table.js';
import { button, dialog, field, fileInput, problemText, statusLine } from '../lib/ui.js';

const roles = Object.keys(roleNames);

/** Accounts per page of the list. */
const pageSize = 20;

/** The fields of an account, for the server's refusals. */
const fieldNames = { userName: '用户名', realName: '姓名', email: '电子邮箱', unitCode: '单位', roles: '角色', delivery: '一次性密码', skip: '起始位置', take: '每页数量' };

/** The security history's event types in Chinese. */
const events = {
  'user.created': '创建账户', 'user.updated': '修改账户', 'user.disabled': '停用', 'user.enabled': '启用', 'user.unlocked': '解锁',
  'user.password-reset': '重置密码', 'signin.succeeded': '登录成功', 'signin.failed': '登录失败', 'signin.locked-out': '因多次失败锁定',
  'signin.one-time-password-reused': '一次性密码再次使用（已拒绝）', 'password.changed': '修改密码', 'password.change-refused': '修改密码被拒绝',
  'access.denied': '拒绝访问', signout: '退出登录',
};

export default async function render(context, root) {
  const names = await unitNames();
  const status = statusLine('status');
  const listBox = el('div');
  const unitFilter = el('select', { id: 'unit-filter', 'aria-label': '单位' }, el('option', { value: '' }, '全部单位'), [...names].map(([code, name]) => el('option', { value: code }, name)));
  const search = el('input', { id: 'search', placeholder: '姓名或用户名', 'aria-label': '搜索' });
  const unitOf = code => (code ? names.get(code) ?? code : '—');

  const roleFilter = el('select', { id: 'role-filter', 'aria-label': '角色' }, el('option', { value: '' }, '全部角色'), roles.map(role => el('option', { value: role }, label(roleNames, role))));
  let offset = 0;
  const pager = el('div', { class: 'toolbar pager', id: 'pager' });

  const reload = async () => {
    const query = new URLSearchParams();
    if (unitFilter.value) query.set('unitCode', unitFilter.value);
    if (roleFilter.value) query.set('role', roleFilter.value);
    if (search.value.trim()) query.set('q', search.value.trim());
    const page = await getPage(query.size > 0 ? `/api/users?${query}` : '/api/users', offset, pageSize);
    const users = page.rows;
    if (users.length === 0 && offset > 0 && page.total > 0) {
      // The last page emptied (e.g. a filter narrowed the list): show the last page that has accounts.
      offset = Math.floor((page.total - 1) / pageSize) * pageSize;
      return reload();
    }

    pager.replaceChildren(
      button('上一页', { id: 'previous-page', disabled: offset === 0 }, () => { offset = Math.max(0, offset - pageSize); return reload(); }),
      el('span', { id: 'page-info' }, page.total === 0 ? '共 0 个账户' : `第 ${offset + 1}–${offset + users.length} 个，共 ${page.total} 个账户`),
      button('下一页', { id: 'next-page', disabled: offset + users.length >= page.total }, () => { offset += pageSize; return reload(); }));
    listBox.replaceChildren(table({
      id: 'users',
      rows: users,
      empty: '没有符合条件的账户。',
      rowAttributes: u => ({ 'data-user': u.userName }),
      columns: [
        { label: '姓名', value: u => u.realName },
        { label: '用户名', value: u => u.userName },
        { label: '单位', value: u => unitOf(u.unitCode) },
        { label: '角色', value: u => u.roles.map(r => label(roleNames, r)).join('、') },
        { label: '状态', cell: u => stateOf(u) },
        { label: '', cell: u => el('span', { class: 'toolbar' },
          button('修改', { class: 'link', 'data-action': 'edit' }, () => edit(u)),
          u.enabled
            ? button('停用', { class: 'link', 'data-action': 'disable' }, () => act(u, 'disable', `已停用 ${u.userName}，其登录会话已结束。`))
            : button('启用', { class: 'link', 'data-action': 'enable' }, () => act(u, 'enable', `已启用 ${u.userName}。`)),
          u.lockedUntil ? button('解锁', { class: 'link', 'data-action': 'unlock' }, () => act(u, 'unlock', `已解锁 ${u.userName}。`)) : null,
          button('重置密码', { class: 'link', 'data-action': 'reset' }, () => reset(u)),
          button('安全记录', { class: 'link', 'data-action': 'history' }, () => history(u))) },
      ],
    }), pager);
  };

  const act = async (user, action, done) => {
    const response = await api(`/api/users/${encodeURIComponent(user.id)}/${action}`, { method: 'POST' });
    status.show(response.ok ? done : `未完成：${problemText(response, fieldNames)}`, response.ok ? 'ok' : 'error');
    if (response.ok) await reload();
  };

  const deliveryChoice = hasEmail => el('fieldset', { class: 'choices' }, el('legend', {}, '一次性密码'),
    el('label', {}, el('input', { type: 'radio', name: 'delivery', value: 'show', checked: true }), '只向我显示一次'),
    el('label', {}, el('input', { type: 'radio', name: 'delivery', value: 'email', disabled: hasEmail === false }), '通过邮件发给本人'));
  const chosen = box => box.querySelector('input[name="delivery"]:checked').value;

  const showPassword = (user, password) => dialog({
    id: 'password-dialog',
    title: '一次性密码（只显示这一次）',
    content: [el('p', {}, `账户 ${user.userName}（${user.realName}）的一次性密码：`), el('p', { class: 'one-time-password', id: 'one-time-password' }, password),
      el('p', { class: 'meta' }, '它只能登录一次；本人登录后须设置自己的密码。关闭后无法再次查看。')],
    buttons: [{ text: '我已记下', value: true, primary: true }],
  });

  const edit = async user => {
    const inputs = {
      userName: el('input', { name: 'userName', value: user?.userName ?? '', disabled: Boolean(user), autocomplete: 'off' }),
      realName: el('input', { name: 'realName', value: user?.realName ?? '' }),
      email: el('input', { name: 'email', type: 'email', value: user?.email ?? '' }),
      unitCode: el('select', { name: 'unitCode' }, el('option', { value: '' }, '（无）'), [...names].map(([code, name]) => el('option', { value: code, selected: user?.unitCode === code }, `${name}（${code}）`))),
    };
    const roleBoxes = el('fieldset', { class: 'choices' }, el('legend', {}, '角色'),
      roles.map(role => el('label', {}, el('input', { type: 'checkbox', name: 'roles', value: role, checked: user ? user.roles.includes(role) : role === 'unit' }), label(roleNames, role))));
    const delivery = user ? null : deliveryChoice();
    const errors = el('div', { class: 'errors', hidden: true, id: 'user-errors' });
    const form = el('form', {}, errors,
      field('用户名', inputs.userName, user ? '创建后不可修改' : '字母、数字和 -._@+'), field('姓名', inputs.realName),
      field('电子邮箱', inputs.email, '通知和一次性密码发到这里'), field('单位', inputs.unitCode, '二级单位用户必填'), roleBoxes, delivery);
    for (;;) {
      const answer = await dialog({ id: 'user-dialog', title: user ? `修改账户：${user.userName}` : '新建账户', content: form, buttons: [{ text: '保存', value: true, primary: true }, { text: '取消', value: false }] });
      if (!answer) return;
      const body = {
        realName: inputs.realName.value.trim(), email: inputs.email.value.trim(), unitCode: inputs.unitCode.value,
        roles: [...roleBoxes.querySelectorAll('input:checked')].map(i => i.value),
      };
      const response = user
        ? await api(`/api/users/${encodeURIComponent(user.id)}`, { method: 'PUT', body })
        : await api('/api/users', { method: 'POST', body: { ...body, userName: inputs.userName.value.trim(), delivery: chosen(delivery) } });
      if (response.ok) {
        status.show(user ? `已保存 ${response.data.user.userName}。` : `已创建 ${response.data.user.userName}${response.data.oneTimePassword ? '' : '，一次性密码已通过邮件发送'}。`, 'ok');
        await reload();
        if (response.data.oneTimePassword) await showPassword(response.data.user, response.data.oneTimePassword);
        return;
      }

      errors.replaceChildren(problemText(response, fieldNames));
      errors.hidden = false;
    }
  };

  const reset = async user => {
    const delivery = deliveryChoice(Boolean(user.email));
    const answer = await dialog({ id: 'reset-dialog', title: `重置密码：${user.userName}`, content: [el('p', {}, '旧密码立即失效，该账户的登录会话全部结束。'), delivery],
      buttons: [{ text: '重置', value: true, primary: true }, { text: '取消', value: false }] });
    if (!answer) return;
    const response = await api(`/api/users/${encodeURIComponent(user.id)}/reset-password`, { method: 'POST', body: { delivery: chosen(delivery) } });
    if (!response.ok) {
      status.show(`未重置：${problemText(response, fieldNames)}`, 'error');
      return;
    }

    status.show(`已重置 ${user.userName} 的密码${response.data.oneTimePassword ? '' : '，一次性密码已通过邮件发送'}。`, 'ok');
    await reload();
    if (response.data.oneTimePassword) await showPassword(response.data.user, response.data.oneTimePassword);
  };

  const history = async user => {
    const answer = await getJson(`/api/users/${encodeURIComponent(user.id)}/history`);
    await dialog({
      id: 'history-dialog',
      title: `安全记录：${user.userName}`,
      content: [el('p', { class: answer.chainIntact ? 'done' : 'errors' }, answer.chainIntact ? '安全记录的哈希链完整。' : '安全记录的哈希链已损坏！'),
        table({ id: 'user-history', rows: [...answer.entries].reverse(), empty: '暂无记录。', columns: [
          { label: '时间', value: e => dateTime(e.timestamp) },
          { label: '事件', value: e => events[e.type] ?? e.type },
          { label: '操作人', value: e => e.actor },
        ] })],
      buttons: [{ text: '关闭', value: true, primary: true }],
    });
  };

  root.replaceChildren(
    card('用户', meta('账户属于单位并持有角色；停用、重置密码或改变角色、单位时，该账户的登录会话立即结束。每次变更都记入安全记录。'),
      el('div', { class: 'toolbar' }, button('新建账户', { id: 'add-user', class: 'primary' }, () => edit(null)), unitFilter, roleFilter, search,
        button('查询', { id: 'filter' }, () => { offset = 0; return reload(); })),
      status, listBox),
    importCard(names, unitOf, reload, showPassword));
  for (const filter of [unitFilter, roleFilter]) {
    filter.addEventListener('change', () => { offset = 0; reload(); });
  }
  search.addEventListener('keydown', event => {
    if (event.key === 'Enter') { offset = 0; reload(); }
  });
  await reload();
}

function stateOf(user) {
  if (!user.enabled) return el('span', { class: 'pill off' }, '已停用');
  if (user.lockedUntil) return el('span', { class: 'pill warn' }, `锁定至 ${dateTime(user.lockedUntil)}`);
  if (user.mustChangePassword) return el('span', { class: 'pill warn' }, '待设置密码');
  return el('span', { class: 'pill' }, '正常');
}

/** 批量导入: a CSV of a unit's people, previewed row by row with its errors, then committed all or nothing. */
function importCard(names, unitOf, reload, showPassword) {
  const unit = el('select', { id: 'import-unit' }, el('option', { value: '' }, '（按文件中的单位代码）'), [...names].map(([code, name]) => el('option', { value: code }, name)));
  const text = el('textarea', { id: 'import-csv', rows: 6, placeholder: '用户名,姓名,邮箱,单位代码,角色\nwxy-li,李老师,li@wxy.zzut.edu.cn,wxy,二级单位' });
  const delivery = el('select', { id: 'import-delivery' }, el('option', { value: 'show' }, '导入后向我显示一次性密码'), el('option', { value: 'email' }, '通过邮件发给每个人'));
  const result = el('div', { id: 'import-result' });
  const commit = button('确认导入', { id: 'import-commit', class: 'primary', disabled: true });
  const upload = fileInput('.csv,text/csv', content => {
    text.value = content;
  }, { id: 'import-file', class: 'visually-hidden' });
  const send = isCommit => api(`/api/users/import?commit=${isCommit}&delivery=${delivery.value}&unitCode=${encodeURIComponent(unit.value)}`, { method: 'POST', body: text.value, contentType: 'text/csv' });
  const preview = async () => {
    const response = await send(false);
    if (!response.ok) {
      result.replaceChildren(el('p', { class: 'errors' }, problemText(response)));
      return;
    }

    const { rows, problem } = response.data;
    const bad = rows.filter(r => Object.keys(r.errors).length > 0).length;
    commit.disabled = Boolean(problem) || bad > 0 || rows.length === 0;
    result.replaceChildren(
      problem ? el('p', { class: 'errors', id: 'import-problem' }, problem) : el('p', { class: bad > 0 ? 'errors' : 'done', id: 'import-summary' },
        bad > 0 ? `${rows.length} 行中有 ${bad} 行有错误，改正后才能导入。` : `${rows.length} 行均可导入。`),
      table({ id: 'import-rows', rows, rowAttributes: r => ({ 'data-line': r.line, class: Object.keys(r.errors).length > 0 ? 'has-errors' : '' }), columns: [
        { label: '行', value: r => r.line },
        { label: '用户名', value: r => r.draft.userName },
        { label: '姓名', value: r => r.draft.realName },
        { label: '单位', value: r => unitOf(r.draft.unitCode) },
        { label: '角色', value: r => (r.draft.roles ?? []).map(x => label(roleNames, x)).join('、') },
        { label: '问题', cell: r => el('span', { class: 'errors-inline' }, Object.entries(r.errors).map(([f, m]) => `${fieldNames[f] ?? f}：${m.join(' ')}`).join('；') || '—') },
      ] }));
  };
  commit.addEventListener('click', async () => {
    commit.disabled = true;
    const response = await send(true);
    if (!response.ok) {
      result.replaceChildren(el('p', { class: 'errors' }, `没有导入：${problemText(response)}`));
      return;
    }

    result.replaceChildren(el('p', { class: 'done', id: 'import-done' }, `已导入 ${response.data.created.length} 个账户。`));
    await reload();
    for (const created of response.data.created.filter(c => c.oneTimePassword)) {
      await showPassword(created.user, created.oneTimePassword);
    }
  });

  return card('批量导入', meta('CSV 首行为表头：用户名、姓名、邮箱、单位代码、角色（多个用 ; 或 、 分隔，默认二级单位）。先预览，逐行检查；全部无误才能导入，且全部导入或全部不导入。'),
    el('div', { class: 'fields-inline' }, field('默认单位', unit), field('一次性密码', delivery), el('label', { class: 'button', for: 'import-file' }, '选择 CSV 文件', upload)),
    field('CSV 内容', text),
    el('div', { class: 'toolbar' }, button('预览', { id: 'import-preview' }, preview), commit),
    result);
}
