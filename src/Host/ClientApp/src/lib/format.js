// One way to show times and values on every page: Beijing time, yyyy-MM-dd HH:mm; dates yyyy-MM-dd.
const beijing = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function parts(instant) {
  const found = Object.fromEntries(beijing.formatToParts(new Date(instant)).map(p => [p.type, p.value]));
  return found;
}

/** An instant as Beijing time, yyyy-MM-dd HH:mm ('—' when there is none). */
export function dateTime(instant) {
  if (instant === null || instant === undefined || instant === '') return '—';
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A date (yyyy-MM-dd as stored, or an instant's Beijing date). */
export function date(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (datePattern.test(value)) return value;
  const p = parts(value);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Whether a value is an instant (ISO 8601 with a time). */
export function isInstant(value) {
  return typeof value === 'string' && instantPattern.test(value);
}

/** Any stored value as text: instants and dates as above, yes/no for booleans, lists joined, '—' for nothing. */
export function text(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(text).join('、');
  if (isInstant(value)) return dateTime(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Whether an instant is in the past. */
export function isPast(instant) {
  return Boolean(instant) && new Date(instant) < new Date();
}
