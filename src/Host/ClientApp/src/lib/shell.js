// The page shell the host renders: the page context, the header's menu toggle and sign-out.
import { api } from './api.js';
import { el } from './dom.js';

/**
 * What the host tells the page: { page, title, params (route values), user: { userName, realName, unitCode, roles }
 * or null when signed out }.
 */
export const context = JSON.parse(document.getElementById('page-context')?.textContent || '{}');

/** The element a page module renders into. */
export function pageRoot() {
  return document.getElementById('page');
}

/** The roles that oversee every unit (center, office, leading group, administrators), as the API decides. */
export const overseeingRoles = ['admin', 'leading-group', 'office', 'center'];

/** Whether the signed-in user holds any of the roles. */
export function hasAnyRole(...roles) {
  return (context.user?.roles ?? []).some(r => roles.includes(r));
}

/** Whether the user oversees every unit. */
export function oversees() {
  return hasAnyRole(...overseeingRoles);
}

/** Wires the header the host rendered: the menu button on narrow screens and the sign-out button. */
export function wireHeader() {
  const toggle = document.getElementById('menu-toggle');
  const menu = document.getElementById('menu');
  toggle?.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  });
  showCounts();
  document.getElementById('sign-out')?.addEventListener('click', async () => {
    await api('/api/auth/logout', { method: 'POST' });
    location.assign('/login');
  });
}

/** The inbox counts beside 待办 in the menu: the user's open tasks, and their groups' tasks nobody has claimed. */
async function showCounts() {
  const entry = document.querySelector('#menu a[href="/"]');
  if (!context.user || !entry) return;
  const response = await api('/api/tasks/counts');
  if (!response.ok) return;
  const { mine, group } = response.data;
  // Beside the link, not in it: the entry's text stays its label.
  const counts = mine > 0 ? [el('span', { class: 'count', id: 'count-mine', title: '我的待办' }, String(mine))] : [];
  if (group > 0) counts.push(el('span', { class: 'count group', id: 'count-group', title: '组待办（可认领）' }, `+${group}`));
  entry.after(...counts);
}
