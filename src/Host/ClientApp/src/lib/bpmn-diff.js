// What changed between two versions of a definition (bpmn-js-differ over the models read with the Camunda 7
// extensions): elements added, removed, changed (with each attribute's old and new value) and moved only.
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json';
import { diff } from 'bpmn-js-differ';
import { el } from './dom.js';
import { typeNames } from './diagram.js';

const moddle = new BpmnModdle({ camunda });

/** Reads BPMN XML into its model (bpmn:Definitions), with the Camunda 7 extensions. */
export async function readDefinitions(xml) {
  return (await moddle.fromXML(xml)).rootElement;
}

/** The attributes' names as administrators read them. */
const attributeNames = {
  name: '名称', candidateGroups: '候选组', candidateUsers: '候选用户', assignee: '办理人', dueDate: '办理期限',
  followUpDate: '跟进时间', priority: '优先级', formRef: '表单', formKey: '表单', topic: '活动', type: '实现方式',
  conditionExpression: '条件', body: '内容', sourceRef: '起点', targetRef: '终点', default: '默认连线',
  candidateStarterGroups: '可发起的组', candidateStarterUsers: '可发起的用户', timeDate: '日期时间', timeDuration: '时长',
  timeCycle: '周期', cancelActivity: '中断', attachedToRef: '附着于', messageRef: '消息', extensionElements: '参数与属性',
  eventDefinitions: '事件定义', documentation: '说明', flowElements: '环节', isExecutable: '可执行',
};

/**
 * Compares two BPMN documents: { added, removed, changed, moved } — lists of { id, name, type } (changed ones with
 * attributes: [{ name, label, before, after }]).
 */
export async function compareXml(beforeXml, afterXml) {
  const [before, after] = await Promise.all([readDefinitions(beforeXml), readDefinitions(afterXml)]);
  const changes = diff(before, after);
  const describe = element => ({ id: element.id, name: element.name?.trim() || null, type: element.$type });
  const list = map => Object.values(map).map(describe).filter(e => e.id);
  return {
    added: list(changes._added),
    removed: list(changes._removed),
    // bpmn-js-differ 3.2 hands each attribute's old and new value over the other way round (its walk passes the
    // delta's [old, new] as (newValue, oldValue)); read them accordingly.
    changed: Object.entries(changes._changed).map(([id, change]) => ({
      ...describe(change.model),
      id,
      attributes: Object.entries(change.attrs).filter(([name]) => !name.startsWith('$')).map(([name, values]) => ({
        name,
        label: attributeNames[name.replace(/^camunda:/, '')] ?? name,
        before: shown(values.newValue),
        after: shown(values.oldValue),
      })),
    })),
    moved: list(changes._layoutChanged).filter(e => !changes._changed[e.id] && !changes._added[e.id]),
  };
}

/** A value of an attribute as text (references by their id, elements by their kind). */
function shown(value) {
  if (value === undefined || value === null || value === '') return '（空）';
  if (typeof value === 'object') return value.id ?? value.body ?? (value.$type ? typeNames[value.$type] ?? value.$type : JSON.stringify(value));
  return String(value);
}

/** The changes as a list for people: 新增、删除、修改（属性：旧 → 新）、仅移动. */
export function changeList(changes, id = 'changes') {
  const name = e => `${e.name ?? e.id}（${typeNames[e.type] ?? e.type?.replace('bpmn:', '') ?? ''}）`;
  const items = [
    ...changes.added.map(e => el('li', { class: 'added', 'data-element-id': e.id }, el('strong', {}, '新增 '), name(e))),
    ...changes.removed.map(e => el('li', { class: 'removed', 'data-element-id': e.id }, el('strong', {}, '删除 '), name(e))),
    ...changes.changed.map(e => el('li', { class: 'changed', 'data-element-id': e.id }, el('strong', {}, '修改 '), name(e),
      el('ul', {}, e.attributes.map(a => el('li', {}, `${a.label}：${a.before} → ${a.after}`))))),
  ];
  if (changes.moved.length > 0) items.push(el('li', { class: 'moved' }, el('strong', {}, '仅调整位置 '), changes.moved.map(name).join('、')));
  return items.length === 0 ? el('p', { class: 'meta', id }, '两个版本的内容相同。') : el('ul', { class: 'changes', id }, items);
}
