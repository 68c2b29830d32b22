// web/js/dom.js's virtual nodes: after any patch the page's DOM is what building the new nodes from scratch gives
// (random trees, patched one after another), and what did not change keeps its element (no rebuild).
import { test, expect, open } from './fixtures.mjs';

test('patch_children: the DOM equals a fresh build after every patch, elements kept where they can be', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(async () => {
    const { v, realize, patch_children } = await import('./js/dom.js');
    let seed = 7;
    const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return (seed >>> 16) % n; };
    const TAGS = ['div', 'p', 'span', 'ul', 'li', 'details', 'svg:svg', 'svg:text'];
    const tree = (depth) => {
      const kids = [];
      for (let i = rnd(depth > 0 ? 5 : 1); i > 0; i--) kids.push(rnd(3) === 0 ? `t${rnd(4)}` : tree(depth - 1));
      const attrs = {};
      if (rnd(2)) attrs.class = `c${rnd(3)}`;
      if (rnd(4) === 0) attrs['data-value'] = rnd(3);
      if (rnd(5) === 0) attrs.hidden = true;
      if (rnd(6) === 0) attrs.style = { width: `${rnd(3) * 10}%` };
      return v(TAGS[rnd(TAGS.length)], attrs, kids);
    };
    // The DOM as text with each element's attributes sorted (their order is not the page's to keep).
    const canon = (el) => (el.nodeType === 3 ? JSON.stringify(el.nodeValue)
      : `<${el.namespaceURI === 'http://www.w3.org/2000/svg' ? 'svg:' : ''}${el.localName}${[...el.attributes].map((a) => ` ${a.name}=${JSON.stringify(a.value)}`).sort().join('')}>${[...el.childNodes].map(canon).join('')}</>`);
    const html = (nodes) => { const d = document.createElement('div'); for (const n of nodes) d.appendChild(realize(n)); return canon(d); };
    const strip = (n) => (typeof n === 'string' ? n : { tag: n.tag, attrs: n.attrs, kids: n.kids.map(strip), el: null, m: null });
    const box = document.createElement('div');
    document.body.appendChild(box);
    const bad = [];
    let last = [];
    for (let round = 0; round < 300; round++) {
      // Half the time a small change of the last tree (a text, one child more or less), else a new one.
      let nodes;
      if (last.length && rnd(2)) {
        nodes = last.map(strip);
        // one node of the tree (any depth), changed: a text, its attributes, one child more or less
        const all = [];
        const walk = (n) => { if (typeof n !== 'object') return; all.push(n); n.kids.forEach(walk); };
        nodes.forEach(walk);
        const t = all[rnd(all.length)];
        const texts = t.kids.map((c, i) => (typeof c === 'string' ? i : -1)).filter((i) => i >= 0);
        const k = rnd(5);
        if (k === 0) t.kids.push(`x${round}`);
        else if (k === 1 && t.kids.length) t.kids.splice(rnd(t.kids.length), 1);
        else if (k === 2) t.kids.unshift(tree(1));
        else if (k === 3 && texts.length) t.kids[texts[rnd(texts.length)]] = `y${round}`;   // a text changed, the shape kept
        else t.attrs = { ...t.attrs, class: `k${round % 3}`, style: rnd(2) ? { width: `${round % 7}%` } : undefined };
      } else nodes = Array.from({ length: 1 + rnd(4) }, () => tree(3));
      patch_children(box, nodes);
      const want = html(nodes.map(strip));
      const got = canon(box).replace(/^<div[^>]*>/, '<div>');
      if (got !== want) { bad.push({ round, got: got.slice(0, 400), want: want.slice(0, 400) }); break; }
      last = nodes;
    }
    // Identity: a text change keeps every element; a kept node is not rebuilt; <details> keeps the reader's open.
    const a = [v('section', { id: 's1' }, v('p', {}, 'one'), v('details', {}, v('summary', {}, 'more'))), v('section', { id: 's2' }, 'two')];
    patch_children(box, a);
    const p_el = box.querySelector('#s1 p'), det = box.querySelector('details'), s2 = box.querySelector('#s2');
    det.open = true;
    const b = [v('section', { id: 's1' }, v('p', {}, 'uno'), v('details', {}, v('summary', {}, 'more'))), a[1]];
    patch_children(box, b);
    const kept = box.querySelector('#s1 p') === p_el && box.querySelector('#s2') === s2 && box.querySelector('details') === det;
    // One child left out: the ones after it keep their elements.
    const c = [v('section', { id: 's1' }, v('details', {}, v('summary', {}, 'more'))), a[1]];
    patch_children(box, c);

    return { bad, kept, text: box.querySelector('#s1').textContent, open: det.open, det_same: box.querySelector('details') === det };
  });
  expect(r.bad, 'patched DOM differs from a fresh build').toEqual([]);
  expect(r.kept, 'a text change rebuilt elements').toBe(true);
  expect(r.open, 'the reader opened <details>: the patch closed it').toBe(true);
  expect(r.det_same, 'a left-out sibling rebuilt the next element').toBe(true);
  expect(r.text).toBe('more');
});
