// A form page: a form-js form (the schema the server validates against) checked in the browser, submitted, and the
// server's answer shown: field errors, a conflict, or success.
import { Form } from '@bpmn-io/form-js-viewer';
import { el } from './dom.js';

/**
 * Renders `schema` (if any) into `parts.form` with `data`, and on `parts.submit` checks it in the browser, sends the data
 * with `send`, and shows the server's field errors in `parts.errors`, or `succeeded`'s message in `parts.done`.
 * parts: { form, errors, actions, submit, done } — elements of the page.
 */
export async function formPage({ parts, schema, data, send, succeeded }) {
  const { errors, actions, submit, done, form: container } = parts;
  const showErrors = messages => {
    errors.replaceChildren(el('strong', {}, '提交未成功：'), el('ul', {}, messages.map(m => el('li', {}, m))));
    errors.hidden = messages.length === 0;
  };

  let form = null;
  if (schema) {
    form = new Form({ container });
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
      showErrors(Object.entries(response.data.errors).map(([field, messages]) => `${field}: ${[messages].flat().join(' ')}`));
    } else if (response.status === 409) {
      showErrors([response.data?.detail || '已被办理或已取消 (conflict).']);
    } else {
      showErrors([response.data?.detail || `提交失败 (${response.status})`]);
    }
  });
}

/** The parts of a form page, created in `root`: errors, the form, the submit button and the success message. */
export function formParts(root, submitText) {
  const parts = {
    errors: el('div', { class: 'errors', id: 'errors', hidden: true }),
    form: el('div', { id: 'form' }),
    submit: el('button', { class: 'primary', type: 'button', id: 'submit' }, submitText),
    done: el('p', { class: 'done', id: 'done', hidden: true }),
  };
  parts.actions = el('p', { id: 'actions', hidden: true }, parts.submit);
  root.append(parts.errors, parts.form, parts.actions, parts.done);
  return parts;
}
