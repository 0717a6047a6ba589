/**
 * Renders the log-processing example's workflow to docs/log-processing.svg with
 * Graphviz `dot` (apt-get install graphviz), and its Mermaid text next to it.
 * Run: npm run graph
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { logWorkflow } from '../examples/log-processing';

const docs = resolve(__dirname, '..', '..', 'docs');
const workflow = logWorkflow('app.log', () => undefined, { ERROR: 0, WARN: 0, INFO: 0, DEBUG: 0, MALFORMED: 0 });
const svg = execFileSync('dot', ['-Tsvg', '-Efontname=Helvetica', '-Efontsize=11'], {
  input: workflow.toDot(),
  encoding: 'utf8',
});
writeFileSync(join(docs, 'log-processing.svg'), svg);
writeFileSync(join(docs, 'log-processing.mmd'), `${workflow.toMermaid()}\n`);
console.log(`wrote ${join(docs, 'log-processing.svg')} and log-processing.mmd`);
