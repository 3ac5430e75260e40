// Building DOM nodes from data: text is always text (never parsed as HTML).

/**
 * Creates an element with attributes and children. Attribute values that are false, null or undefined are left out,
 * true sets an empty attribute; children that are null, undefined or false are skipped, strings become text nodes.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }

  element.append(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return element;
}

/** A link. */
export function link(href, text, attributes = {}) {
  return el('a', { href, ...attributes }, text);
}

/** A card (section) with a heading and content. */
export function card(title, ...content) {
  return el('section', { class: 'card' }, title ? el('h1', {}, title) : null, ...content);
}

/** A muted line of text. */
export function meta(text, attributes = {}) {
  return el('p', { class: 'meta', ...attributes }, text);
}
