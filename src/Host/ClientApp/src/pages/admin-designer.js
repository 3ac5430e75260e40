// 流程设计: the bpmn-js modeler with the Camunda 7 properties panel, in Chinese, offering only what the engine
// executes; our activities as element templates; forms chosen from the deployed ones. As the administrator edits, the
// server checks the diagram as deploying would (problems marked on their elements block deploying; bpmnlint adds
// hints) and the draft is saved on the server. Deploying shows what changed against the deployed version first.
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import designerCss from '../styles/designer.css?inline';
import { api, getJson, getText, items } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { focusOn } from '../lib/diagram.js';
import { changeList, compareXml } from '../lib/bpmn-diff.js';
import { check } from '../lib/designer/checks.js';
import { zzutPropertiesModule } from '../lib/designer/properties.js';
import { supportedElementsModule } from '../lib/designer/supported.js';
import { translateModule, untranslated } from '../lib/designer/translate.js';
import { addStyles, button, debounce, dialog, download, fileInput, problemText, statusLine } from '../lib/ui.js';

export default async function render(context, root) {
  addStyles('designer', designerCss);
  const isNew = !context.params.key;
  let key = context.params.key ?? `process-${Math.random().toString(36).slice(2, 8)}`;

  const [formList, templates, overview] = await Promise.all([
    getJson('/api/forms').then(items),
    getJson('/api/definitions/element-templates'),
    isNew ? null : api(`/api/definitions/${encodeURIComponent(key)}/overview`),
  ]);
  if (overview && !overview.ok) {
    root.replaceChildren(card('流程设计', el('p', { class: 'errors', id: 'not-found' }, `流程 ${key} 未部署，也没有草稿。`), link('/admin/definitions', '返回流程定义列表')));
    return;
  }

  const info = overview?.data;
  let xml;
  let revision = null;
  let baseVersion = info?.latestVersion || null;
  let source;
  if (info?.draft) {
    const draft = await getJson(`/api/definitions/${encodeURIComponent(key)}/draft`);
    ({ xml, revision } = draft);
    baseVersion = draft.baseVersion;
    source = `草稿（${draft.baseVersion ? `基于版本 ${draft.baseVersion}` : '新流程'}，${draft.savedBy ?? ''} 保存于 ${dateTime(draft.savedAt)}）`;
  } else if (info?.latestVersion) {
    xml = await getText(`/api/definitions/${encodeURIComponent(key)}/versions/${info.latestVersion}/xml`);
    source = `已部署的版本 ${info.latestVersion}（修改后保存为草稿，部署后成为版本 ${info.latestVersion + 1}）`;
  } else {
    xml = blankDiagram(key);
    source = '新流程（尚未部署）';
  }

  // The page: tools, the modeler with its properties panel, the check's results.
  const title = el('h1', { id: 'designer-title' }, isNew ? '新建流程' : `流程设计：${info?.latestVersion ? info.versions.at(-1).name ?? key : key}`);
  const sourceLine = meta(`正在编辑：${source}`, { id: 'source' });
  const status = statusLine('status');
  const saveButton = button('保存草稿', { id: 'save-draft' });
  const deployButton = button('部署', { id: 'deploy', class: 'primary', disabled: true });
  const discardButton = button('放弃草稿', { id: 'discard-draft', hidden: revision === null });
  const upload = fileInput('.bpmn,.xml,application/xml,text/xml', async text => {
    if (await importXml(text, '已导入文件，检查结果见下方；草稿随后保存。')) saveSoon();
  }, { id: 'upload', class: 'visually-hidden' });
  const uploadLabel = el('label', { class: 'button', for: 'upload' }, '导入 .bpmn', upload);
  const downloadButton = button('下载 XML', { id: 'download' });
  const canvasBox = el('div', { class: 'designer-canvas', id: 'canvas' });
  const propertiesBox = el('div', { class: 'designer-properties', id: 'properties' });
  const checks = el('div', { id: 'checks', class: 'checks' }, meta('正在检查…'));
  root.replaceChildren(
    card(null, title, sourceLine,
      el('div', { class: 'toolbar' }, saveButton, deployButton, downloadButton, uploadLabel, discardButton,
        info?.latestVersion ? link(`/admin/definitions/${encodeURIComponent(key)}`, '版本与对比') : null),
      status),
    el('section', { class: 'card designer' }, canvasBox, propertiesBox),
    card('检查', checks));

  const activities = templates.map(t => ({ topic: t.properties.find(p => p.binding?.name === 'camunda:topic')?.value, name: t.name }));
  const modeler = new Modeler({
    container: canvasBox,
    propertiesPanel: { parent: propertiesBox },
    elementTemplates: templates,
    zzutProperties: { forms: () => formList.map(f => f.id), activities: () => activities },
    moddleExtensions: { camunda: camundaModdle },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, CamundaBehaviorsModule,
      ElementTemplatesPropertiesProviderModule, translateModule, supportedElementsModule, zzutPropertiesModule,
    ],
  });
  canvasBox.zzutModeler = modeler; // for the browser tests and the console
  canvasBox.zzutUntranslated = untranslated;
  modeler.get('eventBus').on('elementTemplates.select', ({ element }) => chooseTemplate(modeler, element, templates));

  // Checking and saving as the administrator edits.
  let lastCheck = null;
  let saving = Promise.resolve();
  let saveBlocked = false;
  const select = id => {
    const element = modeler.get('elementRegistry').get(id);
    modeler.get('selection').select(element);
    modeler.get('canvas').scrollToElement(element);
  };
  const runCheck = async () => {
    try {
      lastCheck = await check(modeler, checks, select);
      deployButton.disabled = !lastCheck.valid;
      deployButton.title = lastCheck.valid ? '' : '检查未通过，不能部署';
    } catch (error) {
      checks.replaceChildren(el('p', { class: 'errors' }, `检查失败：${error.message}`));
      deployButton.disabled = true;
    }
  };
  const currentKey = () => modeler.get('canvas').getRootElement().businessObject.id;
  // Changes are numbered so that a save finishing while a later change waits for its own save does not claim that
  // everything is saved (and leaving the page can warn about what is not).
  let changes = 0;
  let savedChanges = 0;
  const saveDraft = async () => {
    if (saveBlocked) return;
    const upTo = changes;
    const { xml: text } = await modeler.saveXML({ format: true });
    const newKey = currentKey();
    if (newKey !== key) {
      // The process id is the key: the draft moves to the new key.
      if (revision !== null) await api(`/api/definitions/${encodeURIComponent(key)}/draft`, { method: 'DELETE' });
      key = newKey;
      revision = null;
    }

    const query = new URLSearchParams();
    if (revision !== null) query.set('revision', revision);
    if (baseVersion) query.set('baseVersion', baseVersion);
    const response = await api(`/api/definitions/${encodeURIComponent(key)}/draft?${query}`, { method: 'PUT', body: text, contentType: 'application/xml' });
    if (response.ok) {
      revision = response.data.revision;
      discardButton.hidden = false;
      const editPath = `/admin/definitions/${encodeURIComponent(key)}/edit`;
      if (location.pathname !== editPath) history.replaceState(null, '', editPath); // a reload opens this draft
      savedChanges = Math.max(savedChanges, upTo);
      if (savedChanges === changes) status.show(`草稿已保存（${dateTime(response.data.savedAt)}）`, 'ok');
    } else {
      if (response.status === 409) saveBlocked = true;
      status.show(`草稿未保存：${problemText(response)}`, 'error');
    }
  };
  const queueSave = () => {
    saving = saving.then(saveDraft);
    return saving;
  };
  const checkSoon = debounce(runCheck, 600);
  const saveSoon = debounce(queueSave, 1200);
  modeler.on('commandStack.changed', () => {
    changes += 1;
    status.show('有未保存的修改…', 'info');
    checkSoon();
    saveSoon();
  });

  async function importXml(text, message) {
    try {
      const { warnings } = await modeler.importXML(text);
      focusOn(modeler.get('canvas'), modeler.get('elementRegistry'));
      status.show(warnings.length > 0 ? `${message}（导入时有 ${warnings.length} 处无法显示的内容）` : message, warnings.length > 0 ? 'error' : 'info');
      await runCheck();
      return true;
    } catch (error) {
      status.show(`无法打开该文件：${error.message}`, 'error');
      return false;
    }
  }

  if (!(await importXml(xml, ''))) return;
  status.show('', 'info');
  window.addEventListener('beforeunload', (event) => {
    if (savedChanges !== changes && !saveBlocked) event.preventDefault(); // the browser asks before unsaved edits are lost
  });

  saveButton.addEventListener('click', () => {
    saveSoon.cancel();
    queueSave();
  });
  downloadButton.addEventListener('click', async () => {
    const { xml: text } = await modeler.saveXML({ format: true });
    download(`${currentKey()}.bpmn`, text, 'application/xml');
  });
  discardButton.addEventListener('click', async () => {
    const answer = await dialog({ title: '放弃草稿', content: el('p', {}, '草稿中的修改将全部丢失，页面回到已部署的最新版本。'), buttons: [{ text: '放弃草稿', value: true, primary: true }, { text: '取消', value: false }] });
    if (!answer) return;
    saveSoon.cancel();
    await saving;
    await api(`/api/definitions/${encodeURIComponent(key)}/draft`, { method: 'DELETE' });
    location.assign(info?.latestVersion ? `/admin/definitions/${encodeURIComponent(key)}/edit` : '/admin/definitions');
  });
  deployButton.addEventListener('click', () => deploy());

  async function deploy() {
    saveSoon.cancel();
    checkSoon.cancel();
    await runCheck();
    if (!lastCheck?.valid) return;
    const { xml: text } = await modeler.saveXML({ format: true });
    const deployedKey = currentKey();
    const latest = deployedKey === key ? info?.latestVersion : (await api(`/api/definitions/${encodeURIComponent(deployedKey)}/overview`)).data?.latestVersion;
    let content;
    if (latest) {
      const changes = await compareXml(await getText(`/api/definitions/${encodeURIComponent(deployedKey)}/versions/${latest}/xml`), text);
      content = [el('p', {}, `与已部署的版本 ${latest} 相比：`), changeList(changes, 'deploy-changes')];
    } else {
      content = [el('p', {}, `这是新流程 ${deployedKey}，部署后成为版本 1。`)];
    }

    const answer = await dialog({ id: 'deploy-dialog', title: '部署新版本', content, buttons: [{ text: '确认部署', value: true, primary: true }, { text: '取消', value: false }] });
    if (!answer) return;
    deployButton.disabled = true;
    const response = await api('/api/definitions', { method: 'POST', body: text, contentType: 'application/xml' });
    if (!response.ok) {
      deployButton.disabled = false;
      status.show(`部署未成功：${problemText(response)}`, 'error');
      return;
    }

    await saving;
    if (revision !== null) await api(`/api/definitions/${encodeURIComponent(key)}/draft`, { method: 'DELETE' });
    const version = response.data.version;
    const next = response.status === 201 && version > 1 ? `?from=${version - 1}&to=${version}&deployed=${version}` : `?version=${version}&deployed=${version}${response.status === 201 ? '' : '&unchanged=true'}`;
    location.assign(`/admin/definitions/${encodeURIComponent(response.data.key)}${next}`);
  }
}

/** Offers the activities that apply to the element; the chosen one is applied with its inputs. */
async function chooseTemplate(modeler, element, templates) {
  const applicable = templates.filter(t => t.appliesTo.some(type => element.businessObject.$instanceOf(type)));
  const choice = await dialog({
    id: 'template-dialog',
    title: '选择活动',
    content: el('ul', { class: 'template-list' }, applicable.map(t => el('li', {}, el('strong', {}, t.name), el('span', { class: 'meta' }, t.description)))),
    buttons: [...applicable.map(t => ({ text: t.name, value: t.id })), { text: '取消', value: null }],
  });
  const template = applicable.find(t => t.id === choice);
  if (template) modeler.get('elementTemplates').applyTemplate(element, template);
}

/** A new definition: an executable process with a start event. */
function blankDiagram(key) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://zzut.edu.cn/workflows">
  <bpmn:process id="${key}" name="新流程" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${key}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1"><dc:Bounds x="180" y="160" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
