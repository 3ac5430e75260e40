// The page shell the host renders: the page context, the header's menu toggle and sign-out.
import { api } from './api.js';

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
  document.getElementById('sign-out')?.addEventListener('click', async () => {
    await api('/api/auth/logout', { method: 'POST' });
    location.assign('/login');
  });
}
