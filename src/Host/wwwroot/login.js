// Signs the browser in (HttpOnly cookie) and returns to the page that asked for it.
const form = document.getElementById('login');
const error = document.getElementById('error');

function returnUrl() {
  const target = new URLSearchParams(location.search).get('returnUrl') || '/';
  return target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

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
    location.assign(returnUrl());
    return;
  }

  error.textContent = response.status === 429 ? '尝试次数过多，请稍后再试。' : '用户名或密码错误，或因多次失败暂停登录，请稍后再试。';
  error.hidden = false;
});
