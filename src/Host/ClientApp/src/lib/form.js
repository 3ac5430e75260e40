// A form page: a form-js form (the schema the server validates against) checked in the browser, submitted, and the
// server's answer shown: field errors at their fields (by label), a conflict, or success.
import { Form } from '@bpmn-io/form-js-viewer';
import flatpickr from 'flatpickr';
import { Mandarin } from 'flatpickr/dist/l10n/zh.js';
import { getJson, getPage, items } from './api.js';
import { el } from './dom.js';

// Date pickers in Chinese, and dates typed and shown as yyyy-MM-dd: form-js takes the date format from the browser's
// default locale (Intl.DateTimeFormat('default')), which would be 2026/3/2 or 3/2/2026; the one locale whose numeric
// date is yyyy-MM-dd (sv-SE) stands in for 'default'. Every other caller names its locale (lib/format.js: en-CA).
flatpickr.localize(Mandarin);
// The same picker on phones: flatpickr's mobile mode (a native date input) breaks form-js, whose close handler reads the
// calendar that mobile mode never builds (an uncaught TypeError on every date picked), and types dates in the phone's format.
flatpickr.setDefaults({ disableMobile: true });
const NativeDateTimeFormat = Intl.DateTimeFormat;
function DateTimeFormat(locale, options) {
  return new NativeDateTimeFormat(locale === 'default' ? 'sv-SE' : locale, options);
}
DateTimeFormat.prototype = NativeDateTimeFormat.prototype;
DateTimeFormat.supportedLocalesOf = NativeDateTimeFormat.supportedLocalesOf.bind(NativeDateTimeFormat);
Intl.DateTimeFormat = DateTimeFormat;

/** form-js's English messages, in Chinese. */
const messages = [
  [/^Field is required\.$/, () => '必填。'],
  [/^Field must match pattern /, () => '格式不符。'],
  [/^Field must have minimum value of (.+)\.$/, m => `不能小于 ${m[1]}。`],
  [/^Field must have maximum value of (.+)\.$/, m => `不能大于 ${m[1]}。`],
  [/^Field must have minimum length of (.+)\.$/, m => `至少 ${m[1]} 个字。`],
  [/^Field must have maximum length of (.+)\.$/, m => `最多 ${m[1]} 个字。`],
  [/^Field must be a valid email\.$/, () => '须为电子邮箱地址。'],
  [/^Value is not a number\.$/, () => '须为数字。'],
  [/^Value is expected to be an integer\.$/, () => '须为整数。'],
];

function chinese(message) {
  for (const [pattern, translate] of messages) {
    const match = pattern.exec(message);
    if (match) return translate(match);
  }
  return message;
}

/** A form-js module that puts the validator's messages into Chinese. */
const chineseMessages = {
  __init__: [['validator', validator => {
    for (const name of ['validateField', 'validateFieldInstance']) {
      const original = validator[name].bind(validator);
      validator[name] = (...args) => original(...args).map(chinese);
    }
  }]],
};

let formats;
/** The field formats the server checks (phone, ip, …): Map name → { pattern, message }. */
function fieldFormats() {
  formats ??= getJson('/api/field-formats').then(list => new Map(list.map(f => [f.name, f])));
  return formats;
}

/** The units of the directory, for the unit fields. */
function unitChoices() {
  return getJson('/api/units').then(list => items(list).map(u => ({ label: u.name || u.code, value: u.code })));
}

/** The ledgers a field may name a row of (properties.ref): the API that lists the rows the signed-in user may see, and a row's label. */
const ledgerRefs = {
  system: { path: '/api/systems', label: (r, unit) => `${r.name}（${unit}${r.level ? `，${r.level}级` : ''}）` },
  vm: { path: '/api/vms', label: (r, unit) => `${r.serverName || r.purpose}（${unit}${r.ipAddress ? `，${r.ipAddress}` : ''}）` },
  website: { path: '/api/websites', label: (r, unit) => `${r.domain}（${unit}）` },
  'hosted-server': { path: '/api/hosted-servers', label: (r, unit) => `${r.serverName || r.purpose}（${unit}${r.ipAddress ? `，${r.ipAddress}` : ''}）` },
};

/** The rows of a ledger the signed-in user may see (the API scopes them by role and unit), as choices: label, id. */
async function ledgerChoices(reference) {
  const { path, label } = ledgerRefs[reference];
  const [names, rows] = await Promise.all([
    getJson('/api/units').then(list => new Map(items(list).map(u => [u.code, u.name || u.code]))),
    (async () => {
      const all = [];
      for (let total = Infinity; all.length < total;) {
        const page = await getPage(path, all.length, 1000);
        all.push(...page.rows);
        total = page.rows.length === 0 ? all.length : page.total;
      }
      return all;
    })(),
  ]);
  return rows.map(r => ({ label: label(r, names.get(r.unitCode) ?? r.unitCode), value: r.id }));
}

function walk(components, visit) {
  for (const component of components ?? []) {
    visit(component);
    walk(component.components, visit);
  }
}

/**
 * The schema as the browser shows it: times to the minute on a 24-hour clock, the server's field formats as patterns with Chinese
 * messages, units chosen from the directory and ledger rows (properties.ref = system, vm, website, hosted-server) from the
 * rows the user may see. The server validates the submission against the schema as stored.
 */
export async function prepareSchema(schema) {
  const prepared = structuredClone(schema);
  let needsUnits = false;
  const references = new Set();
  walk(prepared.components, c => {
    needsUnits ||= c.properties?.ref === 'unit' && c.type === 'textfield';
    if (c.type === 'textfield' && Object.hasOwn(ledgerRefs, c.properties?.ref ?? '')) references.add(c.properties.ref);
  });
  const rows = new Map(await Promise.all([...references].map(async r => [r, await ledgerChoices(r)])));
  const [known, units] = await Promise.all([fieldFormats(), needsUnits ? unitChoices() : []]);
  walk(prepared.components, c => {
    if (c.type === 'datetime' && c.subtype !== 'date') {
      // The server takes instants with their offset (2026-03-02T05:13+08:00), never a bare local time.
      Object.assign(c, { timeInterval: 1, use24h: true, timeSerializingFormat: c.timeSerializingFormat ?? 'utc_offset' });
    }
    const formatName = c.validate?.validationType === 'phone' ? 'phone' : c.properties?.format;
    const format = formatName ? known.get(formatName) : null;
    if (format) {
      c.validate = { ...c.validate, pattern: `^(?:${format.pattern})$`, patternErrorMessage: format.message + '。' };
      delete c.validate.validationType;
    }
    if (c.properties?.ref === 'unit' && c.type === 'textfield' && units.length > 0) {
      c.type = 'select';
      c.searchable = true;
      c.values = units;
      c.label = (c.label ?? '').replace(/\s*\(unit code\)$/, '').replace(/代码$/, '') || '单位';
      delete c.description;
      delete c.validate?.maxLength;
    }
    if (c.type === 'textfield' && rows.has(c.properties?.ref)) {
      c.type = 'select';
      c.searchable = true;
      c.values = rows.get(c.properties.ref);
      delete c.validate?.maxLength;
      delete c.validate?.pattern;
    }
  });
  return prepared;
}

/**
 * Renders `schema` (if any) into `parts.form` with `data`, and on `parts.submit` checks it in the browser, sends the data
 * with `send`, and shows the server's field errors at their fields and in `parts.errors` by label, or `succeeded`'s
 * message in `parts.done`.
 * parts: { form, errors, actions, submit, done } — elements of the page.
 */
export async function formPage({ parts, schema, data, send, succeeded }) {
  const { errors, actions, submit, done, form: container } = parts;
  const showErrors = lines => {
    errors.replaceChildren(el('strong', {}, '提交未成功：'), el('ul', {}, lines.map(m => el('li', {}, m))));
    errors.hidden = lines.length === 0;
  };

  let form = null;
  const fields = new Map();
  if (schema) {
    form = new Form({ container, additionalModules: [chineseMessages] });
    await form.importSchema(await prepareSchema(schema), data ?? {});
    for (const field of form.get('formFieldRegistry').getAll()) {
      if (field.key) fields.set(field.key, field);
    }
  }

  /** The server's errors (key → messages) at their fields, and listed by label. */
  const showServerErrors = problems => {
    const atFields = {};
    const lines = [];
    for (const [key, list] of Object.entries(problems)) {
      const text = [list].flat().join(' ');
      const field = fields.get(key);
      if (field) atFields[field.id] = [text];
      lines.push(`${field ? (field.label || field.dateLabel || field.timeLabel || key) : key}：${text}`);
    }
    form?._setState({ errors: atFields });
    showErrors(lines);
  };

  actions.hidden = false;
  submit.addEventListener('click', async () => {
    // An earlier message never stands for this submission's outcome: it goes at once and the answer brings its own.
    showErrors([]);
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
      await succeeded(done, response.data);
      done.hidden = false;
    } else if (response.status === 400 && response.data?.errors) {
      showServerErrors(response.data.errors);
    } else if (response.status === 409) {
      showErrors([response.data?.detail || '已被办理或已取消。']);
    } else {
      showErrors([response.data?.detail || `提交失败（${response.status}）`]);
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
