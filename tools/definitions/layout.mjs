// Adds diagram interchange (BPMNDI) to definitions that have none, so that they open laid out in Camunda Modeler and
// bpmn-js. Usage: node layout.mjs ../../definitions/incident-report.bpmn [...]   (--force re-lays out existing diagrams)
// The semantic part of each file is kept as written; only the bpmndi:BPMNDiagram element is generated. A sub-process
// whose existing shape says isExpanded="true" is laid out expanded, its elements inside it (a collapsed one would need a
// plane of its own, which bpmn-auto-layout 1.3 does not write).
import { readFile, writeFile } from 'node:fs/promises';
import { layoutProcess } from 'bpmn-auto-layout';

const force = process.argv.includes('--force');
const files = process.argv.slice(2).filter(a => !a.startsWith('--'));
if (files.length === 0) {
  console.error('usage: node layout.mjs [--force] <file.bpmn> ...');
  process.exit(2);
}

const diagramPattern = /\s*<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/;
for (const file of files) {
  const source = await readFile(file, 'utf8');
  if (diagramPattern.test(source) && !force) {
    console.log(`${file}: has a diagram, left as is`);
    continue;
  }

  const semantic = source.replace(diagramPattern, '');
  // The layout reads isExpanded from the existing shapes before it replaces them.
  const laidOut = await layoutProcess(source);
  const diagram = laidOut.match(diagramPattern);
  if (!diagram) {
    throw new Error(`${file}: the layout produced no diagram`);
  }

  // Keep the author's text (comments, attribute order, camunda extensions) and append only the generated diagram.
  const diagramXml = diagram[0].replace(/^\s*/, '\n  ');
  const result = semantic.replace(/\s*<\/bpmn:definitions>\s*$/, `${diagramXml}\n</bpmn:definitions>\n`);
  await writeFile(file, result, 'utf8');
  console.log(`${file}: diagram written`);
}
