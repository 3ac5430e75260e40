// The designer in Chinese: bpmn-js's palette, context pad and replace menu (the community translation, bpmn-js-i18n),
// the properties panel and the element templates (ours, for the entries the designer shows), through bpmn-js's
// `translate` service. A string without a translation is shown as it is and remembered in `untranslated`, so that a
// browser test can tell which ones the designer still shows in English.
import community from 'bpmn-js-i18n/translations/zn';

const ours = {
  // Palette and context pad entries of our own (supported.js), and names bpmn-js-i18n leaves out or words differently.
  'Create user task': '创建人工任务',
  'Create service task': '创建自动任务（活动）',
  'Create timer intermediate catch event': '创建定时等待事件',
  'Create start event': '创建开始事件',
  'Create end event': '创建结束事件',
  'Create gateway': '创建网关',
  'Create expanded sub-process': '创建子流程',
  'Create group': '创建分组',
  'Append user task': '追加人工任务',
  'Append service task': '追加自动任务（活动）',
  'Append timer intermediate catch event': '追加定时等待事件',
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Add text annotation': '添加注释',
  'Change element': '更改类型',
  'Change type': '更改类型',
  'Delete': '删除',
  'Connect to other element': '连接到其他环节',
  'Connect using sequence/message flow or association': '连线',
  'Activate hand tool': '抓手：拖动画布',
  'Activate lasso tool': '框选',
  'Activate create/remove space tool': '插入/删除空白',
  'Activate global connect tool': '连线工具',
  'Search in diagram': '在图中搜索',

  // Element types (replace menu, properties panel header).
  'User task': '人工任务',
  'Service task': '自动任务',
  'Send task': '发送任务',
  'Start event': '开始事件',
  'Message start event': '消息开始事件',
  'Timer start event': '定时开始事件',
  'End event': '结束事件',
  'Terminate end event': '终止结束事件',
  'Message intermediate catch event': '消息等待事件',
  'Timer intermediate catch event': '定时等待事件',
  'Message boundary event': '消息边界事件',
  'Timer boundary event': '定时边界事件',
  'Message boundary event (non-interrupting)': '消息边界事件（不中断）',
  'Timer boundary event (non-interrupting)': '定时边界事件（不中断）',
  'Exclusive gateway': '排他网关',
  'Parallel gateway': '并行网关',
  'Inclusive gateway': '包容网关',
  'Event-based gateway': '事件网关',
  'Sub-process': '子流程',
  'Sub-process (expanded)': '子流程（展开）',
  'Expanded sub-process': '子流程',
  'Sequence flow': '连线',
  'Default flow': '默认连线',
  'Conditional flow': '条件连线',
  'Process': '流程',
  'Text annotation': '注释',
  'Group': '分组',

  // The properties panel's header (the element's concrete type, spaced).
  'User Task': '人工任务', 'Service Task': '自动任务', 'Send Task': '发送任务', 'Task': '任务（不可执行，请改为人工或自动任务）',
  'Start Event': '开始事件', 'Message Start Event': '消息开始事件', 'Timer Start Event': '定时开始事件',
  'End Event': '结束事件', 'Terminate End Event': '终止结束事件',
  'Timer Intermediate Catch Event': '定时等待事件', 'Message Intermediate Catch Event': '消息等待事件', 'Intermediate Throw Event': '中间抛出事件（不可执行）',
  'Timer Boundary Event': '定时边界事件', 'Message Boundary Event': '消息边界事件',
  '(Non Interrupting) Timer Boundary Event': '定时边界事件（不中断）', '(Non Interrupting) Message Boundary Event': '消息边界事件（不中断）',
  'Exclusive Gateway': '排他网关', 'Parallel Gateway': '并行网关', 'Inclusive Gateway': '包容网关', 'Event Based Gateway': '事件网关',
  'Sub Process': '子流程', 'Sequence Flow': '连线', 'Conditional Flow': '条件连线', 'Default Flow': '默认连线',
  'Text Annotation': '注释', 'Association': '关联',

  // Properties panel: the groups and entries the designer keeps.
  'General': '基本信息',
  'Name': '名称',
  'ID': '标识（id）',
  'ID must be a valid QName.': 'id 须为合法的 QName。',
  'ID must be unique.': 'id 不能重复。',
  'ID must not be empty.': 'id 不能为空。',
  'ID must not contain prefix.': 'id 不能带前缀。',
  'ID must not contain spaces.': 'id 不能含空格。',
  'Process ID': '流程标识（即流程定义的 key）',
  'This maps to the process definition key.': '即流程定义的 key：部署时按它区分流程，改动后成为另一个流程。',
  'Process name': '流程名称',
  'Version tag': '版本标签',
  'Executable': '可执行',
  'Documentation': '说明',
  'Element documentation': '环节说明',
  'Process documentation': '流程说明',
  'Candidate starter': '可发起者',
  'Candidate starter groups': '可发起的组',
  'Candidate starter users': '可发起的用户',
  'Specify more than one group as a comma separated list.': '多个组用逗号分隔，如 role:center, unit:jsj。',
  'Specify more than one user as a comma separated list.': '多个用户用逗号分隔。',
  'User assignment': '办理人与期限',
  'Assignee': '办理人',
  'Candidate groups': '候选组',
  'Candidate users': '候选用户',
  'Due date': '办理期限',
  'Follow up date': '跟进时间',
  'Priority': '优先级',
  'The due date as an EL expression (e.g. ${someDate}) or an ISO date (e.g. 2015-06-26T09:54:00).':
    '表达式（如 ${addDuration(occurredAt, \'PT1H\')}）、ISO 日期时间，或自任务创建起算的 ISO 时长（如 P14D）。',
  'Specifies the priority of a user task. Must be an integer between 0 and 100. If no value is provided, the default value is 50. ':
    '0–100 的整数，默认 50；待办按优先级排序。',
  'Condition': '条件',
  'Condition expression': '条件表达式',
  'Condition Expression': '条件表达式',
  'Expression': '表达式',
  'Type': '类型',
  'Script': '脚本',
  '<none>': '（无）',
  '<empty>': '（空）',
  'Timer': '定时',
  'Date': '日期时间',
  'Duration': '时长',
  'Cycle': '周期',
  'Value': '值',
  'A specific point in time defined as ISO 8601 combined date and time representation.': 'ISO 8601 日期时间，如 2026-09-01T08:00:00+08:00，或 ${…} 表达式。',
  'A time duration defined as ISO 8601 durations format.': 'ISO 8601 时长，如 PT30M、P1D、P3Y。',
  'A cycle defined as ISO 8601 repeating intervals format, or a cron expression.': 'ISO 8601 重复间隔，如 R3/PT1H（不支持 cron）。',
  'A cycle defined as ISO 8601 repeating intervals format.': 'ISO 8601 重复间隔，如 R3/PT1H。',
  'Message': '消息',
  'Global message reference': '消息',
  'Create new ...': '新建…',
  'Create': '新建',
  'Inputs': '输入参数',
  'Outputs': '输出参数',
  'Input mapping': '输入参数',
  'Output mapping': '输出参数',
  'Local variable name': '参数名',
  'Process variable name': '流程变量名',
  'Assignment type': '取值方式',
  'String or expression': '文本或表达式',
  'List': '列表',
  'Map': '映射',
  'List values': '列表值',
  'Map entries': '映射项',
  'Key': '键',
  'Extension properties': '扩展属性',
  'Properties': '属性',
  'Add custom key-value metadata to this element. Extension properties have no effect on process execution — they can be used to attach configuration visible for other consumers of the BPMN diagram. ':
    '环节的键值属性，如 notify=false（不发任务通知）、audience=head（通知单位负责人）。',
  'Add input mappings to control what is passed to the activity as local variables. ': '输入参数是活动的局部变量，可含 ${…}。',
  'Add output mappings to control which variables are merged back into the process scope. ': '输出参数写回流程变量。',
  'Define a boolean condition expression that determines when this sequence flow is taken. ': '条件为真时走这条连线，写成 ${…}（JavaScript），如 ${level >= 2}。',
  'Define the assignment, schedule, and priority of the user task. Assignee, candidate groups, and candidate users can be combined. Use due date and follow-up date to express deadlines and urgency. ':
    '任务交给谁办、何时到期、优先级。候选组写 role:角色 或 unit:单位代码，可用 ${…}。',
  'Select an element to edit its properties.': '选择一个环节以编辑其属性。',
  'Multiple elements are selected. Select a single element to edit its properties.': '选中了多个环节，请只选一个。',
  'Start typing "${}" to create an expression.': '输入 ${} 以写表达式。',
  'Learn more.': '了解更多。',

  // Element templates (our activities).
  'Template': '活动模板',
  'Select': '选择',
  'Change': '更换',
  'Unlink': '解除关联',
  'Remove': '移除',
  'Unset': '清除',
  'Applied': '已应用',
  'Update': '更新',
  'Update available': '有更新',
  'Custom properties': '活动参数',
  'Must not be empty.': '不能为空。',
  'Not found': '未找到',
  'Version': '版本',
  'Description': '说明',
  'Errors': '错误',
  'More actions': '更多操作',
  'The template applied was not found. Therefore, its properties cannot be shown. Unlink to access the data.': '所应用的活动模板不存在，无法显示其参数；解除关联后可编辑原始数据。',

  // Ours (properties.js).
  'Activity': '活动',
  'Form': '表单',
};

/** The dictionary: the community translation, then ours. */
export const translations = { ...community, ...ours };

/** Strings the designer asked for that have no translation (for tests and for whoever extends the dictionary). */
export const untranslated = new Set();

/** bpmn-js's translate: the Chinese template, with `{name}` placeholders replaced. */
export function translate(template, replacements = {}) {
  const text = translations[template];
  if (text === undefined && /[A-Za-z]{3}/.test(template) && !/[\u4e00-\u9fff]/.test(template)) untranslated.add(template);
  return (text ?? template).replace(/{([^}]+)}/g, (_, key) => replacements[key] ?? `{${key}}`);
}

/** The module that replaces bpmn-js's translate service. */
export const translateModule = { translate: ['value', translate] };
