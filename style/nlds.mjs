// Builds public/nlds/components.css from the NL Design System's community components
// (@utrecht/component-library-css, from npm): the rules for the parts werkvoorraad uses.
//
// From `html.css` (plain HTML under `.utrecht-html`): buttons, form fields and tables. From
// `index.css` (the components by class name): the alert, the link that looks like a button and the
// navigation bar. Checkboxes and radio buttons keep the browser's look. The look comes from the
// design tokens that style/main.css sets (the werkvoorraad theme, in NLDS token names).
// Usage: node style/nlds.mjs OUTPUT
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const ELEMENTS = ['button', 'input', 'select', 'textarea', 'label', 'fieldset', 'legend',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'];
const CLASSES = ['.utrecht-alert', '.utrecht-button-link', '.utrecht-nav-bar', '.utrecht-nav-list'];

/** Splits CSS text into its top-level blocks: [prelude, body] (comments dropped). */
function blocks(css) {
  const out = [];
  let depth = 0, start = 0, prelude = '', quote = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '/' && css[i + 1] === '*') { i = css.indexOf('*/', i + 2) + 1; if (i === 0) break; }
    else if (c === ';' && depth === 0) start = i + 1; // @charset and the like
    else if (c === '{') { if (depth++ === 0) { prelude = css.slice(start, i).replace(/\/\*[\s\S]*?\*\//g, '').trim(); start = i + 1; } }
    else if (c === '}' && --depth === 0) { out.push([prelude, css.slice(start, i)]); start = i + 1; }
  }
  return out;
}

/** Whether every selector of a rule is one werkvoorraad wants. */
function wanted(prelude) {
  const selectors = prelude.split(',').map((s) => s.trim());
  return selectors.every((s) => {
    if (/type=(checkbox|radio)/.test(s)) return false; // the browser's own, which users know
    const m = /^\.utrecht-html ([a-z]+)/.exec(s);
    if (m) return ELEMENTS.includes(m[1]);
    return CLASSES.some((c) => s === c || s.startsWith(c + ' ') || s.startsWith(c + '_') ||
      s.startsWith(c + '-') || s.startsWith(c + ':') || s.startsWith(c + '.') || s.startsWith(c + '['));
  });
}

/** The wanted rules of one file, with @media blocks filtered the same way. */
function select(css) {
  return blocks(css).flatMap(([prelude, body]) => {
    if (prelude.startsWith('@media')) {
      const inner = select(body);
      return inner.length ? [`${prelude} {\n${inner.join('\n')}\n}`] : [];
    }
    return !prelude.startsWith('@') && wanted(prelude) ? [`${prelude} {${body}}`] : [];
  });
}

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@utrecht/component-library-css/dist/index.css'));
const version = JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')).version;
const rules = ['html.css', 'index.css'].flatMap((file) => select(readFileSync(path.join(dist, file), 'utf8')));
const output = process.argv[2];
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, `/* @utrecht/component-library-css ${version} (EUPL-1.2, © Frameless B.V., Gemeente Utrecht):
   the rules werkvoorraad uses, made by style/nlds.mjs. Do not edit; the theme is in style/main.css. */
${rules.join('\n')}\n`);
console.log(`nlds: ${rules.length} regels uit @utrecht/component-library-css ${version} → ${output}`);
