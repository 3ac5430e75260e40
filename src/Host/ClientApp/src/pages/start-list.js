// 发起流程: the procedures the signed-in user may start, each linking to its start form.
import { getJson } from '../lib/api.js';
import { card, el, link, meta } from '../lib/dom.js';

export default async function render(context, root) {
  const startable = await getJson('/api/definitions/startable');
  root.replaceChildren(card('发起流程',
    meta(startable.length === 0 ? '您的角色没有可发起的流程。' : '选择要发起的流程，填写表单后提交。'),
    el('ul', { id: 'startable', class: 'links' }, startable.map(d => el('li', {}, link(`/start/${encodeURIComponent(d.key)}`, d.name || d.key))))));
}
