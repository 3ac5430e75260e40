// Sign-in: the browser gets an HttpOnly cookie, then returns to the page that asked for it.
import { card, el } from '../lib/dom.js';

function returnUrl() {
  const target = new URLSearchParams(location.search).get('returnUrl') || '/';
  return target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export default function render(context, root) {
  const asked = new URLSearchParams(location.search).has('returnUrl') && returnUrl() !== '/';
  const error = el('p', { class: 'errors', id: 'error', hidden: true });
  const form = el('form', { class: 'login', id: 'login' },
    el('label', { for: 'userName' }, '用户名'),
    el('input', { id: 'userName', name: 'userName', autocomplete: 'username', required: true }),
    el('label', { for: 'password' }, '密码'),
    el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    error,
    el('p', {}, el('button', { class: 'primary', type: 'submit', id: 'submit' }, '登录')));
  root.replaceChildren(card('登录',
    asked ? el('p', { class: 'notice', id: 'sign-in-required' }, '请先登录，登录后将返回您要访问的页面。') : null,
    form));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    const response = await fetch('/api/auth/cookie', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ userName: form.userName.value, password: form.password.value }),
    });
    if (response.ok) {
      // Signed in with a one-time password: choose one's own first.
      const me = await response.json();
      location.assign(me.mustChangePassword ? '/account' : returnUrl());
      return;
    }

    error.textContent = response.status === 429 ? '尝试次数过多，请稍后再试。' : '用户名或密码错误，或因多次失败暂停登录，请稍后再试。';
    error.hidden = false;
  });
  form.userName.focus();
}
