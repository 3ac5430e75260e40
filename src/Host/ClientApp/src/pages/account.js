// 账户: who I am (name, unit, roles) and changing my own password — required after signing in with a one-time
// password an administrator issued. Afterwards every session of the account ends and I sign in again.
import { api, getJson } from '../lib/api.js';
import { card, el, meta } from '../lib/dom.js';
import { label, roleNames, units } from '../lib/labels.js';
import { button, field, problemText, statusLine } from '../lib/ui.js';

export default async function render(context, root) {
  const [me, unitNames] = await Promise.all([getJson('/api/auth/me'), units()]);
  const current = el('input', { id: 'current-password', type: 'password', autocomplete: 'current-password' });
  const next = el('input', { id: 'new-password', type: 'password', autocomplete: 'new-password' });
  const repeat = el('input', { id: 'repeat-password', type: 'password', autocomplete: 'new-password' });
  const status = statusLine('status');
  const change = button('修改密码', { id: 'change-password', class: 'primary' }, async () => {
    if (next.value !== repeat.value) {
      status.show('两次输入的新密码不一致。', 'error');
      return;
    }

    const response = await api('/api/auth/password', { method: 'POST', body: { currentPassword: current.value, newPassword: next.value } });
    if (response.ok) {
      status.show('密码已修改，请用新密码重新登录。', 'ok');
      setTimeout(() => location.assign('/login?returnUrl=%2F'), 1500);
    } else {
      status.show(problemText(response, { currentPassword: '当前密码', newPassword: '新密码' }), 'error');
    }
  });

  root.replaceChildren(
    card('账户',
      me.mustChangePassword ? el('p', { class: 'notice', id: 'must-change' }, '您正在使用管理员设置的一次性密码，它不能再次登录。请现在设置自己的密码。') : null,
      el('dl', { class: 'values', id: 'me' },
        el('dt', {}, '姓名'), el('dd', {}, me.realName ?? me.userName),
        el('dt', {}, '用户名'), el('dd', {}, me.userName),
        el('dt', {}, '单位'), el('dd', {}, me.unitCode ? unitNames.get(me.unitCode) ?? me.unitCode : '—'),
        el('dt', {}, '角色'), el('dd', {}, me.roles.map(r => label(roleNames, r)).join('、') || '—'))),
    card('修改密码', meta('新密码至少 12 个字符，含大写字母、小写字母和数字。修改后所有登录会话结束，需要重新登录。'),
      el('form', { id: 'password-form' }, field(me.mustChangePassword ? '一次性密码' : '当前密码', current), field('新密码', next), field('再次输入新密码', repeat), el('p', {}, change)),
      status));
  root.querySelector('#password-form').addEventListener('submit', event => event.preventDefault());
}
