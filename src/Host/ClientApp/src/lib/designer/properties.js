// The properties panel shows what the engine executes: the Camunda 7 groups it reads (assignment and deadlines,
// candidate starters, conditions, timers, messages, inputs and outputs, extension properties) and not the ones it
// refuses or ignores (listeners, scripts, connectors, async continuations, generated forms...). Two groups are ours:
// 表单, a camunda:formRef chosen from the deployed forms, and 活动, a service task's camunda:topic chosen from the
// registered activities (templates.js applies an activity with its labelled inputs).
import { h } from 'preact';
import { SelectEntry, isSelectEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';

/** Groups of the Camunda 7 provider that the engine refuses or ignores, or that ours replace. */
const hiddenGroups = new Set([
  'CamundaPlatform__AsynchronousContinuations', 'CamundaPlatform__BusinessKey', 'CamundaPlatform__CallActivity',
  'CamundaPlatform__ConnectorInput', 'CamundaPlatform__ConnectorOutput', 'CamundaPlatform__Errors',
  'CamundaPlatform__ExecutionListener', 'CamundaPlatform__ExternalTask', 'CamundaPlatform__FieldInjection',
  'CamundaPlatform__Form', 'CamundaPlatform__FormData', 'CamundaPlatform__HistoryCleanup', 'CamundaPlatform__Implementation',
  'CamundaPlatform__InMapping', 'CamundaPlatform__InMappingPropagation', 'CamundaPlatform__JobExecution',
  'CamundaPlatform__OutMapping', 'CamundaPlatform__OutMappingPropagation', 'CamundaPlatform__ProcessVariables',
  'CamundaPlatform__Script', 'CamundaPlatform__StartInitiator', 'CamundaPlatform__TaskListener', 'CamundaPlatform__Tasklist',
  'multiInstance', 'signal', 'error', 'escalation', 'link', 'compensation', 'conditional',
]);

/** Entries of kept groups that the engine does not honour. */
const hiddenEntries = new Set(['isExecutable']);

const is = (element, type) => element?.businessObject?.$instanceOf?.(type);

/**
 * The provider. `options.forms()` lists the deployed form ids; `options.activities()` the registered activities
 * ({ topic, name }).
 */
function ZzutProperties(propertiesPanel, translate, options) {
  propertiesPanel.registerProvider(100, {
    getGroups: element => groups => {
      const kept = groups
        .filter(group => !hiddenGroups.has(group.id))
        .map(group => (group.entries ? { ...group, entries: group.entries.filter(entry => !hiddenEntries.has(entry.id)) } : group));
      const after = id => Math.max(kept.findIndex(g => g.id === id) + 1, 1);
      const templated = Boolean(element.businessObject?.get?.('camunda:modelerTemplate'));
      if (is(element, 'bpmn:UserTask') || (is(element, 'bpmn:StartEvent') && is(element.parent, 'bpmn:Process'))) {
        kept.splice(after('general'), 0, {
          id: 'zzut-form',
          label: translate('Form'),
          entries: [{ id: 'zzutFormRef', element, component: FormRefEntry, isEdited: isSelectEntryEdited, forms: options.forms }],
        });
      }

      if ((is(element, 'bpmn:ServiceTask') || is(element, 'bpmn:SendTask')) && !templated) {
        kept.splice(after('general'), 0, {
          id: 'zzut-activity',
          label: translate('Activity'),
          entries: [{ id: 'zzutTopic', element, component: TopicEntry, isEdited: isSelectEntryEdited, activities: options.activities }],
        });
      }

      return kept;
    },
  });
}

ZzutProperties.$inject = ['propertiesPanel', 'translate', 'config.zzutProperties'];

/** camunda:formRef, from the deployed forms (a name that is not deployed stays selectable, and the check names it). */
function FormRefEntry({ element, id, forms }) {
  const modeling = useService('modeling');
  const businessObject = element.businessObject;
  const current = businessObject.get('camunda:formRef') ?? '';
  return h(SelectEntry, {
    id,
    element,
    label: '表单（camunda:formRef）',
    description: '办理或发起时填写的表单；提交的内容须与表单一致，服务端按同一表单校验。',
    getValue: () => businessObject.get('camunda:formRef') ?? '',
    setValue: value => modeling.updateProperties(element, { 'camunda:formRef': value || undefined, 'camunda:formKey': undefined }),
    getOptions: () => {
      const ids = forms();
      const options = [{ value: '', label: '（无表单）' }, ...ids.map(form => ({ value: form, label: form }))];
      if (current && !ids.includes(current)) options.push({ value: current, label: `${current}（未部署）` });
      return options;
    },
  });
}

/** camunda:topic of a service or send task, from the registered activities; sets camunda:type="external" with it. */
function TopicEntry({ element, id, activities }) {
  const modeling = useService('modeling');
  const businessObject = element.businessObject;
  const current = businessObject.get('camunda:topic') ?? '';
  return h(SelectEntry, {
    id,
    element,
    label: '活动（camunda:topic）',
    description: '自动任务执行的活动；在“活动模板”中选择可得到带说明的参数。',
    getValue: () => businessObject.get('camunda:topic') ?? '',
    setValue: value => modeling.updateProperties(element, { 'camunda:type': 'external', 'camunda:topic': value || undefined }),
    getOptions: () => {
      const list = activities();
      const options = [{ value: '', label: '（未选择）' }, ...list.map(a => ({ value: a.topic, label: `${a.name}（${a.topic}）` }))];
      if (current && !list.some(a => a.topic === current)) options.push({ value: current, label: `${current}（未注册）` });
      return options;
    },
  });
}

/** The module; configure it with `zzutProperties: { forms: () => [...ids], activities: () => [{ topic, name }] }`. */
export const zzutPropertiesModule = {
  __init__: ['zzutProperties'],
  zzutProperties: ['type', ZzutProperties],
};
