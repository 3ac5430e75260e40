// Shared by the pages: calls to the API with the sign-in cookie and the antiforgery token, and the page header.
let antiforgeryToken;

async function antiforgery() {
  if (!antiforgeryToken) {
    const response = await fetch('/api/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    antiforgeryToken = (await response.json()).token;
  }

  return antiforgeryToken;
}

/** Calls the API; a signed-out caller is sent to the sign-in page and back. Returns { ok, status, data }. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  if (method !== 'GET') {
    headers['X-XSRF-TOKEN'] = await antiforgery();
  }

  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    location.assign('/login?returnUrl=' + encodeURIComponent(location.pathname + location.search));
    throw new Error('not signed in');
  }

  const text = await response.text();
  return { ok: response.ok, status: response.status, data: text ? JSON.parse(text) : null };
}

/** Creates an element with text (never HTML) and attributes. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }

  element.append(...children.filter(c => c !== null && c !== undefined));
  return element;
}

/** Formats an instant in Beijing time. */
export function beijing(instant) {
  return instant ? new Date(instant).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
}

/** Whether the user oversees every unit (center, office, leading group, administrators), as the API decides. */
export function oversees(me) {
  return me.roles.some(r => ['admin', 'leading-group', 'office', 'center'].includes(r));
}

/** Fills the header with the signed-in user and a sign-out button. */
export async function showUser() {
  const me = (await api('/api/auth/me')).data;
  const user = document.getElementById('user');
  const signOut = el('button', { type: 'button', id: 'sign-out' }, '退出');
  signOut.addEventListener('click', async () => {
    await api('/api/auth/logout', { method: 'POST' });
    location.assign('/login');
  });
  user.replaceChildren(`${me.realName || me.userName}${me.unitCode ? '（' + me.unitCode + '）' : ''} `, signOut);
  return me;
}

/**
 * Wires a form page: renders the form-js schema (if any) into #form, and on #submit checks it in the browser, sends
 * the data with <paramref name="send"/>, and shows the server's field errors, or <paramref name="succeeded"/>'s message.
 */
export async function formPage({ schema, data, send, succeeded }) {
  const errors = document.getElementById('errors');
  const actions = document.getElementById('actions');
  const submit = document.getElementById('submit');
  const done = document.getElementById('done');
  const container = document.getElementById('form');
  const showErrors = messages => {
    errors.replaceChildren(el('strong', {}, '提交未成功：'), el('ul', {}, ...messages.map(m => el('li', {}, m))));
    errors.hidden = messages.length === 0;
  };

  let form = null;
  if (schema) {
    form = new FormViewer.Form({ container });
    await form.importSchema(schema, data ?? {});
  }

  actions.hidden = false;
  submit.addEventListener('click', async () => {
    let variables = {};
    if (form) {
      const result = form.submit();
      if (Object.keys(result.errors).length > 0) {
        showErrors(['请检查表单中标出的字段。']);
        return;
      }

      variables = result.data;
    }

    submit.disabled = true;
    const response = await send(variables);
    submit.disabled = false;
    if (response.ok) {
      showErrors([]);
      actions.hidden = true;
      container.hidden = true;
      succeeded(done, response.data);
      done.hidden = false;
    } else if (response.status === 400 && response.data?.errors) {
      showErrors(Object.entries(response.data.errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`));
    } else if (response.status === 409) {
      showErrors([response.data?.detail || '已被办理或已取消 (conflict).']);
    } else {
      showErrors([response.data?.detail || `提交失败 (${response.status})`]);
    }
  });
}
