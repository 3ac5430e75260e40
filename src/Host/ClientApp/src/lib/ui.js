// Small pieces the administration pages share: buttons, labelled inputs, a status line, a modal dialog, style sheets
// loaded with a page, files in and out, and the server's error answer as a sentence.
import { el } from './dom.js';

/** A button that runs `onClick`; `attributes.class` defaults to a plain button. */
export function button(text, attributes, onClick) {
  const element = el('button', { type: 'button', ...attributes }, text);
  if (onClick) element.addEventListener('click', onClick);
  return element;
}

/** A label with its input (and a help line); returns the wrapper. */
export function field(labelText, input, help) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, labelText), input, help ? el('small', { class: 'meta' }, help) : null);
}

/** A line that shows the outcome of an action: show(text, 'ok' | 'error' | 'info'). */
export function statusLine(id) {
  const line = el('p', { class: 'status-line', id, role: 'status', hidden: true });
  line.show = (text, kind = 'info') => {
    line.textContent = text;
    line.dataset.kind = kind;
    line.hidden = !text;
  };
  return line;
}

/**
 * A modal dialog with a title, content and buttons; resolves with the value of the button pressed (or null when it
 * is closed). buttons: [{ text, value, primary }].
 */
export function dialog({ title, content, buttons = [{ text: '确定', value: true, primary: true }], id = 'dialog' }) {
  return new Promise(resolve => {
    const box = el('dialog', { class: 'modal', id });
    const done = value => {
      box.close();
      box.remove();
      resolve(value);
    };
    box.append(
      el('h2', {}, title),
      el('div', { class: 'modal-body' }, content),
      el('p', { class: 'modal-actions' }, buttons.map(b => button(b.text, { class: b.primary ? 'primary' : '', 'data-value': String(b.value) }, () => done(b.value)))));
    box.addEventListener('submit', event => event.preventDefault());
    box.addEventListener('cancel', event => {
      event.preventDefault();
      done(null);
    });
    document.body.append(box);
    box.showModal();
  });
}

/** Adds a style sheet (text) to the page once. */
export function addStyles(name, css) {
  if (document.querySelector(`style[data-styles="${name}"]`)) return;
  document.head.append(el('style', { 'data-styles': name }, css));
}

/** Offers text as a file to save. */
export function download(fileName, text, type = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file input that calls `onText(text, file)` with the chosen file's content. */
export function fileInput(accept, onText, attributes = {}) {
  const input = el('input', { type: 'file', accept, ...attributes });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (file) await onText(await file.text(), file);
    input.value = '';
  });
  return input;
}

/** The server's refusal as text: the detail, and each field's messages (under its label in `labels`, when it has one). */
export function problemText(response, labels = {}) {
  const data = response.data ?? {};
  const fields = data.errors && !Array.isArray(data.errors)
    ? Object.entries(data.errors).map(([key, messages]) => `${labels[key] ?? key}：${[messages].flat().join(' ')}`)
    : [];
  return [data.detail ?? data.title ?? `请求未成功（${response.status}）`, ...fields].join('\n');
}

/** Waits `ms` after the last call before running `action` (for checks and saves as one types). */
export function debounce(action, ms) {
  let timer;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}
