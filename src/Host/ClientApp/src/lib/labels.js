// Chinese for the codes the API speaks: procedure names (from the deployed definitions), unit names (the directory),
// statuses, and the choices of form fields (the labels the forms give their values).
import { getJson, getText, items } from './api.js';

/** Instance statuses. */
export const instanceStatus = { active: '进行中', completed: '已完成', terminated: '已终止', cancelled: '已撤销', incident: '故障待处理' };

/** Task statuses. */
export const taskStatus = { open: '待办理', completed: '已办理', cancelled: '已取消' };

/** Roles. */
export const roleNames = {
  admin: '系统管理员', 'leading-group': '网络安全和信息化领导小组', office: '领导小组办公室', center: '信息与网络管理中心', unit: '二级单位', expert: '专家',
  'unit-head': '单位负责人', vendor: '建设运维公司',
};

/** Ledger statuses, by ledger. */
export const ledgerStatus = {
  systems: { applying: '申请中', reviewing: '论证审核中', building: '建设中', trial: '试运行', evaluating: '测评中', accepted: '已验收', retired: '已停用' },
  websites: { applying: '申请中', checking: '安全检查中', online: '已上线', closed: '已关闭' },
  incidents: { emergency: '应急处置', 'in-progress': '处置中', rectification: '整改中', closed: '已结案' },
  vms: { applying: '申请中', active: '使用中', 'reclaim-pending': '待回收', reclaimed: '已回收', suspended: '已暂停使用', 'shut-down': '已关闭' },
  'hosted-servers': { applying: '申请中', active: '托管中', retired: '已下架' },
  notices: { open: '整改中', overdue: '已逾期', completed: '已整改' },
  'hosting-changes': { pending: '待审批', approved: '已批准', rejected: '未批准' },
  inspections: { planned: '待检查', findings: '发现问题', rectifying: '整改中', closed: '已办结' },
  'self-inspections': { open: '自查中', submitted: '待审核', approved: '已通过' },
  letters: { active: '有效', superseded: '已被替代' },
  plans: { 'in-force': '现行', superseded: '已废止' },
  drills: { planned: '已计划', revising: '预案修订中', closed: '已结束' },
  warnings: { open: '处置中', closed: '已关闭' },
  responses: { pending: '待反馈', overdue: '逾期未反馈', answered: '已反馈', unanswered: '未反馈' },
  reports: { drafting: '编写中', reviewing: '待审批', approved: '已批准', submitted: '已报送' },
};

/** What the website watch found. */
export const watchOutcome = { ok: '正常', warning: '警告', failing: '异常' };

/** Letter kinds. */
export const letterKind = { one: '责任书（一）', two: '责任书（二）' };

/** Warning levels. */
export const warningLevel = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };

/** Emergency plan scopes. */
export const planScope = { school: '学校预案', unit: '单位预案' };

/** Incident reporting statuses (Art. 31). */
export const reportingStatus = { onTime: '按时报告', missed: '漏报', concealed: '瞒报' };

/** The oral first report within 30 minutes (Att. 9 §5(一)). */
export const oralReportStatus = { onTime: '按时', late: '超时' };

/** System protection levels. */
export const systemLevel = { 1: '第一级', 2: '第二级', 3: '第三级', 4: '第四级', 5: '第五级' };

/** The label of a code in a table of labels, or the code itself when the table has none. */
export function label(table, code) {
  if (code === null || code === undefined || code === '') return '—';
  return table?.[code] ?? String(code);
}

const cache = new Map();
function once(key, load) {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key);
}

/** The deployed procedures' Chinese names: Map key → name. */
export function procedures() {
  return once('procedures', async () => new Map(items(await getJson('/api/definitions')).map(d => [d.key, d.name || d.key])));
}

/** The units' names: Map code → name. */
export function units() {
  return once('units', async () => new Map(items(await getJson('/api/units')).map(u => [u.code, u.name || u.code])));
}

/**
 * A form's fields: Map key → { label, type, ref (properties.ref, e.g. 'unit'), values: Map value → label } for every input of the form (in groups too),
 * or an empty map when the form cannot be read.
 */
export function formFields(formRef) {
  if (!formRef) return Promise.resolve(new Map());
  return once('form:' + formRef, async () => {
    const fields = new Map();
    const walk = components => {
      for (const c of components ?? []) {
        if (c.key) {
          fields.set(c.key, {
            label: c.label || c.dateLabel || c.timeLabel || c.key,
            type: c.type,
            ref: c.properties?.ref ?? null,
            values: new Map((c.values ?? []).map(v => [String(v.value), v.label])),
          });
        }

        walk(c.components);
      }
    };
    const form = await getJson(`/api/forms/${encodeURIComponent(formRef)}`).catch(() => null);
    walk(form?.components);
    return fields;
  });
}

/** The label of a value of a form field: the choice's label, or the value as it is. */
export function choice(field, value) {
  if (!field || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(v => field.values.get(String(v)) ?? v);
  return field.values.get(String(value)) ?? value;
}

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids (of ledger rows, instances) among values: strings and lists of strings that are GUIDs. */
export function idsIn(values) {
  return [...new Set(values.flatMap(v => (Array.isArray(v) ? v : [v])).filter(v => typeof v === 'string' && idPattern.test(v)).map(v => v.toLowerCase()))];
}

/**
 * The ledger rows and instances that ids stand for, named as the signed-in user may see them:
 * Map id → { kind, display, href } (display is a neutral label, href null, for a row the user may not see).
 */
export async function references(ids) {
  const named = new Map();
  for (let i = 0; i < ids.length; i += 200) {
    const page = await getJson(`/api/references?ids=${ids.slice(i, i + 200).join(',')}`);
    for (const [id, name] of Object.entries(page)) named.set(id.toLowerCase(), name);
  }
  return named;
}

/**
 * A submitted value as people read it: a choice by its label, a unit (properties.ref = unit) by its name, a ledger row or
 * instance by its name (`named`: from references()).
 */
export async function fieldValue(field, value, named = new Map()) {
  if (field?.ref === 'unit' && typeof value === 'string') return (await units()).get(value) ?? value;
  const name = v => (typeof v === 'string' ? named.get(v.toLowerCase())?.display ?? v : v);
  const chosen = choice(field, value);
  return Array.isArray(chosen) ? chosen.map(name) : name(chosen);
}

/** The page of the ledger row or instance a value names, if the user may see it. */
export function referenceHref(value, named) {
  return typeof value === 'string' ? named.get(value.toLowerCase())?.href ?? null : null;
}

/** Outbox message statuses. */
export const outboxStatus = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败' };

/** The names of a definition version's elements: Map id → name (from its BPMN XML). */
export function elementNames(key, version) {
  return once(`elements:${key}:${version}`, async () => {
    const xml = await getText(`/api/definitions/${encodeURIComponent(key)}/versions/${version}/xml`).catch(() => '');
    const document = new DOMParser().parseFromString(xml, 'application/xml');
    return new Map([...document.querySelectorAll('[id][name]')].map(e => [e.getAttribute('id'), e.getAttribute('name')]));
  });
}
