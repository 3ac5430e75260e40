// 管理: what administrators manage in the browser, one link each.
import { card, el, meta } from '../lib/dom.js';

const sections = [
  ['/admin/definitions', '流程定义', '版本、流程图与版本对比；在设计器中修改并部署'],
  ['/admin/forms', '表单', '表单的版本与使用情况；在表单编辑器中修改并部署'],
  ['/admin/users', '用户', '账户、角色与单位；停用、解锁、重置密码；批量导入'],
  ['/admin/units', '单位与联系人', '各单位的负责人和安全员，任务通知发给他们'],
  ['/admin/role-mailboxes', '角色邮箱', '领导小组、办公室、中心、专家的通知邮箱'],
  ['/admin/calendar', '工作日历', '节假日与调休上班日，按年查看和修改'],
  ['/admin/evaluation-periods', '测评周期', '各安全保护等级的等级测评间隔'],
];

export default async function render(context, root) {
  root.replaceChildren(card('管理', meta('系统管理员在这里维护流程、表单、用户和基础数据。'),
    el('nav', { class: 'admin-links', id: 'admin-links' }, sections.map(([href, title, text]) => el('a', { href }, el('strong', {}, title), el('span', {}, text))))));
}
