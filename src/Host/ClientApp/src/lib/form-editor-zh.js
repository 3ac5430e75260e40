// The form editor in Chinese. form-js's editor has no translation service (its texts are literals), so the texts it
// renders are replaced in the DOM as they appear: text nodes, titles and placeholders that equal a known English
// text. What has no translation stays as it is and is remembered in `untranslatedFormEditor`.
const texts = {
  // Palette.
  Components: '组件', 'Search components': '搜索组件', 'No components found.': '没有找到组件。', 'Clear content': '清除',
  Input: '输入', Selection: '选择', Presentation: '展示', Containers: '容器', Action: '操作',
  'Text field': '单行文本', 'Text area': '多行文本', Number: '数字', 'Date time': '日期时间', Checkbox: '勾选框',
  'Checkbox group': '多选', 'Radio group': '单选', Select: '下拉选择', 'Tag list': '标签列表', 'Text view': '说明文字',
  Spacer: '空白', Separator: '分隔线', Group: '分组', 'Dynamic list': '动态列表', 'Image view': '图片', Table: '表格',
  Button: '按钮', 'HTML view': 'HTML', iFrame: '内嵌页面', Expression: '表达式', 'Document preview': '文档预览', Filepicker: '文件',
  'Build your form': '开始设计表单', 'Drag and drop components here to start designing.': '把左侧的组件拖到这里开始设计。',
  'Drag and drop components here.': '把组件拖到这里。', 'Use the preview window to test your form.': '在右侧预览中试填。',
  // Properties panel.
  General: '基本', Label: '标签', 'Field label': '字段标签', Type: '类型', 'Group label': '分组标签', Key: '变量名（key）', ID: '标识', Description: '说明', 'Field description': '字段说明',
  'Default value': '默认值', Disabled: '禁用', 'Read only': '只读', Validation: '校验', Required: '必填',
  'Minimum length': '最短长度', 'Maximum length': '最长长度', Minimum: '最小值', Maximum: '最大值', Pattern: '格式',
  'Custom regular expression': '自定义正则表达式', 'Custom error message': '自定义错误提示', 'Regular expression pattern': '正则表达式',
  'Validation pattern': '校验格式', Email: '电子邮箱', Phone: '电话', Custom: '自定义',
  Options: '选项', 'Options source': '选项来源', 'Static options': '固定选项', 'Input values key': '选项变量名',
  'Options expression': '选项表达式', 'Static': '固定', Value: '值', Values: '值', 'Dynamic options': '动态选项',
  Layout: '布局', Columns: '列宽', Auto: '自动', Appearance: '外观', Prefix: '前缀', Suffix: '后缀',
  Condition: '显示条件', 'Hide if': '隐藏条件', Serialization: '序列化', 'Output as string': '以文本输出',
  Constraints: '约束', 'Decimal digits': '小数位数', Increment: '步长', Subtype: '类型', Date: '日期', Time: '时间',
  'Date label': '日期标签', 'Time label': '时间标签', 'Time format': '时间格式', 'Time interval': '时间间隔',
  'Disallow past dates': '不允许过去的日期', 'Use 24h': '24 小时制', 'Custom properties': '自定义属性',
  'Add property': '添加属性', 'Create entry': '添加', Text: '文字', Content: '内容', Height: '高度', Searchable: '可搜索',
  'Show outline': '显示边框', Path: '路径', 'Version tag': '版本标签', 'Form': '表单', Checked: '已勾选', 'Not checked': '未勾选',
  'Target value': '目标值', 'Security attributes': '安全属性', 'Compute on': '计算时机', 'Learn more': '了解更多',
  '<empty>': '（空）', 'Toggle section': '展开/收起', 'Section contains an error': '本节有错误', 'Section contains edits': '本节已修改',
  'Delete item': '删除', 'Toggle list item': '展开/收起', 'Open documentation': '打开文档', Remove: '删除',
  'Select a form field to edit its properties.': '选择一个组件以编辑其属性。',
};

/** Texts the editor showed without a translation. */
export const untranslatedFormEditor = new Set();

function translateNode(node) {
  // The form as it will look (the editor's canvas) keeps form-js's own texts, as the task page shows them.
  if ((node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest('.fjs-form-field')) return;
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.data.trim();
    if (!text) return;
    const chinese = texts[text];
    if (chinese) node.data = node.data.replace(text, chinese);
    else if (/^[A-Za-z][A-Za-z ().,'-]{2,}$/.test(text)) untranslatedFormEditor.add(text);
    return;
  }

  if (node.nodeType !== Node.ELEMENT_NODE) return;
  for (const attribute of ['title', 'placeholder', 'aria-label']) {
    const value = node.getAttribute(attribute);
    if (value && texts[value]) node.setAttribute(attribute, texts[value]);
  }

  node.childNodes.forEach(translateNode);
}

/** Keeps the editor under `container` in Chinese as it renders. */
export function translateFormEditor(container) {
  translateNode(container);
  new MutationObserver(records => {
    for (const record of records) {
      if (record.type === 'characterData') translateNode(record.target);
      else if (record.type === 'attributes') translateNode(record.target);
      else record.addedNodes.forEach(translateNode);
    }
  }).observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['title', 'placeholder', 'aria-label'] });
}

/** form-js's field error messages (the preview's browser check) in Chinese. */
export function formErrorText(message) {
  const rules = [
    [/^Field is required\.$/, () => '必填。'],
    [/^Field must be a valid email\.$/, () => '须为电子邮箱。'],
    [/^Field must be a valid\s+international phone number.*$/, () => '须为国际格式的电话号码。'],
    [/^Field must have maximum length of (.+)\.$/, n => `最多 ${n} 个字符。`],
    [/^Field must have minimum length of (.+)\.$/, n => `至少 ${n} 个字符。`],
    [/^Field must have maximum value of (.+)\.$/, n => `不能大于 ${n}。`],
    [/^Field must have minimum value of (.+)\.$/, n => `不能小于 ${n}。`],
    [/^Field must match pattern (.+)\.$/, p => `须符合格式 ${p}。`],
  ];
  for (const [pattern, text] of rules) {
    const match = message.match(pattern);
    if (match) return text(match[1]);
  }

  return message;
}
