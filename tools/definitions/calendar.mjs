// Writes definitions/calendar/<year>.json from the official holiday schedule carried by the npm package chinese-days
// (MIT): the national holidays and the weekend days that are working days (调休). Usage: node calendar.mjs 2025 2026
// The files are data: administrators can change them (or edit days through /api/calendar) without touching code.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const dataFile = require.resolve('chinese-days/dist/chinese-days.json');
const { version } = JSON.parse(await readFile(path.join(path.dirname(dataFile), '..', 'package.json'), 'utf8'));
const data = JSON.parse(await readFile(dataFile, 'utf8'));
const years = process.argv.slice(2);
if (years.length === 0) {
  console.error('usage: node calendar.mjs <year> [<year> ...]');
  process.exit(2);
}

const output = path.resolve(here, '..', '..', 'definitions', 'calendar');
await mkdir(output, { recursive: true });
for (const year of years) {
  const days = [];
  for (const [kind, entries] of [['holiday', data.holidays], ['workday', data.workdays]]) {
    for (const [date, description] of Object.entries(entries)) {
      if (date.startsWith(`${year}-`)) {
        const [, chinese] = description.split(',');
        days.push({ date, kind, name: kind === 'holiday' ? chinese : `${chinese}调休上班` });
      }
    }
  }

  if (days.length === 0) {
    throw new Error(`chinese-days ${version} has no schedule for ${year}`);
  }

  days.sort((a, b) => a.date.localeCompare(b.date));
  const file = path.join(output, `${year}.json`);
  const document = { year: Number(year), source: `chinese-days ${version} (国务院办公厅 holiday schedule)`, days };
  await writeFile(file, JSON.stringify(document, null, 2) + '\n', 'utf8');
  console.log(`${file}: ${days.filter(d => d.kind === 'holiday').length} holidays, ${days.filter(d => d.kind === 'workday').length} working weekend days`);
}
