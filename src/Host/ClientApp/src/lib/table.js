// A table that works on phones: on wide screens a table; on narrow ones (CSS, below 640 px) each row becomes a card
// whose cells carry their column's heading (data-label). It never makes the page wider than the screen.
import { el } from './dom.js';
import { text } from './format.js';

/**
 * Renders rows as a table.
 * - columns: [{ label, value: row => any, cell?: (row) => Node|string, class? }]; value is shown through format.text,
 *   cell (when given) builds the cell's content itself (links, marks).
 * - rows: the data; id: the table's id; empty: what to show instead of a table without rows.
 * - rowAttributes: row => attributes of the <tr> (e.g. data-task-id).
 */
export function table({ id, columns, rows, empty = '无', rowAttributes = () => ({}) }) {
  if (rows.length === 0) {
    return el('p', { class: 'meta empty', id }, empty);
  }

  return el('div', { class: 'table-box' },
    el('table', { id, class: 'data' },
      el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col' }, c.label)))),
      el('tbody', {}, rows.map(row => el('tr', rowAttributes(row),
        columns.map(c => el('td', { 'data-label': c.label, class: c.class }, c.cell ? c.cell(row) : text(c.value(row)))))))));
}
