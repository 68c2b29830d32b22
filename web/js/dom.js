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

// A number from the report: its JSON path and raw value ride along for tests and tools.
export function num(path, value, text, cls = 'num') {
  return h('span', { class: cls, 'data-report': path, 'data-value': String(value) }, text);
}

export function get_path(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

// Bring `old` in line with `nu` in place: unchanged text and elements keep their layout, so a
// re-render costs only what changed. A <details> keeps the open state the reader gave it.
export function morph(old, nu) {
  if (old === nu) return;
  if (old.nodeType !== nu.nodeType || old.nodeName !== nu.nodeName) { old.replaceWith(nu); return; }
  if (old.nodeType !== 1) { if (old.nodeValue !== nu.nodeValue) old.nodeValue = nu.nodeValue; return; }
  // A subtree that did not change (most of a rebuilt section: labels, units, structure) is compared natively, in
  // one call, instead of attribute by attribute here (~1 ms of a key's ~8 ms render on the build machine).
  if (old.isEqualNode(nu)) return;
  const keep_open = old.nodeName === 'DETAILS';
  for (const a of [...old.attributes]) if (!nu.hasAttribute(a.name) && !(keep_open && a.name === 'open')) old.removeAttribute(a.name);
  for (const a of nu.attributes) {
    if (old.getAttribute(a.name) === a.value || (keep_open && a.name === 'open')) continue;
    // style through the CSSOM: a strict Content-Security-Policy blocks style attributes set as markup
    if (a.name === 'style') old.style.cssText = nu.style.cssText;
    else old.setAttribute(a.name, a.value);
  }
  morph_children(old, [...nu.childNodes]);
}

// nodes may hold elements already in parent (a section kept from the last render): they are moved
// into place, not copied.
export function morph_children(parent, nodes) {
  nodes.forEach((n, i) => {
    const cur = parent.childNodes[i];
    if (cur === n) return;
    if (!cur) parent.appendChild(n);
    else if (n.parentNode === parent || (cur.id && n.id && cur.id !== n.id)) parent.insertBefore(n, cur);
    else morph(cur, n);
  });
  while (parent.childNodes.length > nodes.length) parent.lastChild.remove();
}
