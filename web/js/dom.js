// A tiny DOM builder. Text goes in through textContent only: nothing from a URL, a pasted
// file or the report is ever parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function get_path(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

// ---- the results column: virtual nodes, patched into the page --------------------------------------
// render.js builds the results as plain objects ({tag, attrs, kids}: v() below, the same arguments as h()), and
// patch_children() brings the page's DOM in line with them, touching only what changed: each element remembers the
// node it shows (el.__v), so an unchanged node (a section kept from the last render: the same object) costs one
// comparison, and a changed one is compared with the last node in JavaScript, not read back from the DOM. A key
// typed into the form rebuilds a few sections as objects (no DOM nodes made) and changes a few text nodes.
// Attributes as h(): null, undefined and false are left out, true is '', class and the rest are strings, and style
// is an object set through the CSSOM (the page's Content-Security-Policy allows no style attributes in markup).
// No event handlers (the page listens on #results) and no `text` attribute: text is a child.
const SVG = 'http://www.w3.org/2000/svg';
export function v(tag, attrs, ...children) {
  const kids = [];
  flat(kids, children);
  return { tag, attrs: attrs ?? {}, kids, el: null, m: null };
}
function flat(out, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) flat(out, c);
    else out.push(typeof c === 'object' ? c : String(c));
  }
}
// A number from the report: its JSON path and raw value ride along for tests and tools.
export function num(path, value, text, cls = 'num') {
  return v('span', { class: cls, 'data-report': path, 'data-value': String(value) }, text);
}

// A node's attributes as strings (style apart), computed once per node.
function attr_map(n) {
  if (n.m) return n.m;
  const m = {};
  for (const k in n.attrs) {
    const x = n.attrs[k];
    if (x === null || x === undefined || x === false || k === 'style') continue;
    m[k] = x === true ? '' : String(x);
  }
  n.m = m;
  return m;
}
const same_style = (a, b) => a === b || (!!a && !!b && Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => a[k] === b[k]));
const local_name = (n) => (n.tag.startsWith('svg:') ? n.tag.slice(4) : n.tag);
const matches = (el, n) => el.nodeType === 1 && el.localName === local_name(n) && (el.namespaceURI === SVG) === n.tag.startsWith('svg:');
const same_kind = (el, n) => matches(el, n) && !(el.id && n.attrs.id && el.id !== n.attrs.id);

// A new element for a node (and its children).
export function realize(n) {
  if (typeof n === 'string') return document.createTextNode(n);
  const el = n.tag.startsWith('svg:') ? document.createElementNS(SVG, n.tag.slice(4)) : document.createElement(n.tag);
  const m = attr_map(n);
  for (const k in m) el.setAttribute(k, m[k]);
  if (n.attrs.style) Object.assign(el.style, n.attrs.style);
  for (const k of n.kids) el.appendChild(realize(k));
  el.__v = n;
  n.el = el;
  return el;
}

// Bring element `el` (the same tag) in line with node `n`. A <details> keeps the open state the reader gave it.
function patch(el, n) {
  const last = el.__v;
  if (last === n) return;
  const mine = el.localName === 'details' ? (k) => k === 'open' : () => false;   // the reader's, not the render's
  const m = attr_map(n);
  // The attributes it had: the last node's, or (an element the page did not build from a node: the prerendered
  // result) the DOM's own.
  const had = last ? attr_map(last) : Object.fromEntries([...el.attributes].filter((a) => a.name !== 'style').map((a) => [a.name, a.value]));
  for (const k in had) if (!(k in m) && !mine(k)) el.removeAttribute(k);
  for (const k in m) if (had[k] !== m[k] && !mine(k)) el.setAttribute(k, m[k]);
  if (!last || !same_style(last.attrs.style, n.attrs.style)) {
    el.removeAttribute('style');
    if (n.attrs.style) Object.assign(el.style, n.attrs.style);
  }
  if (last && last.kids.length === n.kids.length) patch_pairs(el, last.kids, n.kids); else patch_children(el, n.kids);
  el.__v = n;
  n.el = el;
}

// The children of an element that shows `old` (its child nodes are old's, in order: only the patcher changes them),
// brought in line with `nu` (as long) pair by pair, without reading the DOM where a pair is equal; at the first pair
// of another shape, patch_children (which reads the DOM) takes over.
function patch_pairs(el, old, nu) {
  for (let i = 0; i < nu.length; i++) {
    const o = old[i], n = nu[i];
    if (o === n) continue;   // the same text, or the same kept node
    if (typeof n === 'string') {
      const t = typeof o === 'string' ? el.childNodes[i] : null;
      if (t?.nodeType !== 3) { patch_children(el, nu); return; }
      t.nodeValue = n;
      continue;
    }
    if (typeof o === 'string' || o.tag !== n.tag || o.el?.__v !== o || o.el.parentNode !== el || (o.attrs.id ?? null) !== (n.attrs.id ?? null)) { patch_children(el, nu); return; }
    patch(o.el, n);
  }
}

// Bring parent's children in line with nodes (strings and v() nodes). A node that already shows in an element
// (kept from the last render) is that element, moved into place if it is elsewhere.
export function patch_children(parent, nodes) {
  const list = parent.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const cur = list[i];
    if (typeof n === 'string') {
      if (!cur) parent.appendChild(document.createTextNode(n));
      else if (cur.nodeType === 3) { if (cur.nodeValue !== n) cur.nodeValue = n; }
      else if (list[i + 1]?.nodeType === 3) { cur.remove(); i--; }   // an element left out this time: again at i
      else cur.replaceWith(document.createTextNode(n));
      continue;
    }
    const shown = n.el && n.el.__v === n ? n.el : null;
    if (shown && shown === cur) continue;
    if (!cur) parent.appendChild(shown ?? realize(n));
    else if (shown && shown.parentNode === parent) parent.insertBefore(shown, cur);
    else if (cur.id && n.attrs.id && cur.id !== n.attrs.id) parent.insertBefore(shown ?? realize(n), cur);
    else if (matches(cur, n)) patch(cur, n);
    // One node more or less than last time (a hint shown, a chart left out): the rest is not rebuilt, only shifted.
    else if (list[i + 1] && same_kind(list[i + 1], n) && !shown) { cur.remove(); patch(list[i], n); }
    else if (typeof nodes[i + 1] === 'object' && same_kind(cur, nodes[i + 1])) parent.insertBefore(shown ?? realize(n), cur);
    else cur.replaceWith(shown ?? realize(n));
  }
  while (list.length > nodes.length) parent.lastChild.remove();
}
