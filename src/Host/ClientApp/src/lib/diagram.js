// A BPMN diagram (bpmn-js navigated viewer: drag to pan, wheel to zoom) with the instance's state marked, zoomed so that
// its height fits and the active elements are in view, with zoom buttons.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { el } from './dom.js';

const labelFont = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", Arial, sans-serif';

/** Element kinds in Chinese. */
export const typeNames = {
  'bpmn:StartEvent': '开始', 'bpmn:EndEvent': '结束', 'bpmn:ExclusiveGateway': '条件分支', 'bpmn:ParallelGateway': '并行分支',
  'bpmn:InclusiveGateway': '包容分支', 'bpmn:EventBasedGateway': '事件分支', 'bpmn:IntermediateCatchEvent': '等待事件',
  'bpmn:BoundaryEvent': '边界事件', 'bpmn:SequenceFlow': '连线', 'bpmn:SubProcess': '子流程', 'bpmn:UserTask': '人工任务',
  'bpmn:ServiceTask': '自动任务', 'bpmn:SendTask': '发送任务', 'bpmn:Process': '流程', 'bpmn:MessageEventDefinition': '消息',
  'bpmn:TimerEventDefinition': '定时', 'bpmn:TerminateEventDefinition': '终止', 'bpmn:FormalExpression': '表达式', 'bpmn:Message': '消息',
  'bpmn:TextAnnotation': '注释', 'bpmn:Group': '分组', 'bpmn:Association': '关联',
};

/**
 * Shows `xml` in `container` and marks the elements: { active, done, failed } (Sets of element ids), and any other
 * marker classes in `marks` ({ className: ids }). Returns { nameOf(id), formOf(id), viewer }: an element's name (or
 * what kind of element it is), and its camunda:formRef.
 */
export async function showDiagram(container, xml, { active = new Set(), done = new Set(), failed = new Set(), marks = {} } = {}) {
  const canvasBox = el('div', { class: 'diagram-canvas' });
  const zoomIn = el('button', { type: 'button', id: 'zoom-in', title: '放大' }, '＋');
  const zoomOut = el('button', { type: 'button', id: 'zoom-out', title: '缩小' }, '－');
  const fit = el('button', { type: 'button', id: 'zoom-fit', title: '显示全图' }, '全图');
  const focus = el('button', { type: 'button', id: 'zoom-focus', title: '回到当前环节' }, '当前');
  container.replaceChildren(el('div', { class: 'diagram-tools' }, zoomIn, zoomOut, focus, fit), canvasBox);

  // Labels are laid out with the font they are drawn in (a CJK one), a size smaller than bpmn-js's 12 px, so that
  // Chinese task names keep clear of the task's icon.
  const viewer = new NavigatedViewer({
    container: canvasBox,
    textRenderer: { defaultStyle: { fontFamily: labelFont, fontSize: 11, lineHeight: 1.2 }, externalStyle: { fontFamily: labelFont, fontSize: 11 } },
  });
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const mark = (ids, marker) => ids.forEach(id => registry.get(id) && canvas.addMarker(id, marker));
  mark(registry.filter(e => /Task$/.test(e.type)).map(e => e.id), 'zzut-task');
  mark([...done].filter(id => !active.has(id)), 'zzut-done');
  mark(active, 'zzut-active');
  mark(failed, 'zzut-incident');
  Object.entries(marks).forEach(([marker, ids]) => mark([...ids], marker));

  const focusIds = [...failed, ...active, ...Object.values(marks).flatMap(ids => [...ids])].filter(id => registry.get(id));
  const showFocus = () => focusOn(canvas, registry, focusIds);
  showFocus();
  zoomIn.addEventListener('click', () => canvas.zoom(canvas.zoom() * 1.25));
  zoomOut.addEventListener('click', () => canvas.zoom(canvas.zoom() / 1.25));
  fit.addEventListener('click', () => canvas.zoom('fit-viewport', 'auto'));
  focus.addEventListener('click', showFocus);

  const nameOf = id => {
    const element = registry.get(id);
    const bo = element?.businessObject;
    return bo?.name?.trim() || typeNames[bo?.$type] || (element ? '环节' : id);
  };
  const formOf = id => registry.get(id)?.businessObject?.$attrs?.['camunda:formRef'] ?? null;
  return { viewer, nameOf, formOf };
}

/**
 * Zooms so that the diagram's height fits the box (between 50 % and 100 %, so labels stay readable), and on each axis
 * where the diagram is larger than the box, centres the elements in focus (or the diagram's start) within its bounds.
 */
export function focusOn(canvas, registry, ids = []) {
  canvas.zoom(1);
  const { inner, outer } = canvas.viewbox();
  const padding = 24;
  const scale = Math.max(0.5, Math.min(1, (outer.height - 2 * padding) / inner.height));
  const width = outer.width / scale;
  const height = outer.height / scale;
  const shapes = ids.map(id => registry.get(id)).filter(s => s.width !== undefined);
  const focusBox = shapes.length > 0
    ? { x1: Math.min(...shapes.map(s => s.x)), x2: Math.max(...shapes.map(s => s.x + s.width)), y1: Math.min(...shapes.map(s => s.y)), y2: Math.max(...shapes.map(s => s.y + s.height)) }
    : { x1: inner.x, x2: inner.x, y1: inner.y + inner.height / 2, y2: inner.y + inner.height / 2 };
  const axis = (start, extent, visible, focusStart, focusEnd) => {
    const pad = padding / scale;
    if (extent + 2 * pad <= visible) return start + extent / 2;
    const lowest = start - pad + visible / 2;
    const highest = start + extent + pad - visible / 2;
    return Math.max(lowest, Math.min((focusStart + focusEnd) / 2, highest));
  };
  const centreX = axis(inner.x, inner.width, width, focusBox.x1, focusBox.x2);
  const centreY = axis(inner.y, inner.height, height, focusBox.y1, focusBox.y2);
  canvas.viewbox({ x: centreX - width / 2, y: centreY - height / 2, width, height });
}
