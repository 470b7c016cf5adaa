// The reader: the whole report rendered from its parsed sections, with a table
// of contents. A link such as /report/<doc>#chunk=<id>&hl=10-80 fetches that
// chunk and highlights the blocks holding its text (and the cited sentence);
// #page=<n>&find=<text> highlights the first block on that page holding the text.
import { chunkHref, describeError, fetchJSON, h, isNumberCell, looseFind, markRange, pagesLabel } from './common.js';

const $ = (id) => document.getElementById(id);
const docId = decodeURIComponent(window.location.pathname.replace(/^\/report\//, '').replace(/\/+$/, ''));
const located = $('located');
const WIDE = window.matchMedia('(min-width: 64em)');
const CAPTION = /^(figure|table)\s+\d+/i;

/** Per section: {section, el, heading, items: [{el, textEl, block, kind, text, rows}]} */
let sections = [];
let allItems = [];

// ---------------------------------------------------------------- rendering

function rowLabel(cells) {
  const texty = cells.filter((c) => /[A-Za-z]{2,}/.test(c));
  const label = texty.length ? texty[texty.length - 1] : '';
  return label.replace(/[*†‡]+\s*$/, '').trim();
}

function renderTable(block, caption) {
  const rows = block.rows || [];
  const bold = block.bold_rows || [];
  const table = h('table', { class: 'report-table' });
  if (caption) table.append(h('caption', { class: 'visually-hidden' }, caption));
  const trs = [];
  if (rows.length) {
    table.append(h('thead', {}, h('tr', {}, rows[0].map((c) => h('th', { scope: 'col' }, c)))));
    const body = h('tbody', {});
    rows.slice(1).forEach((cells, i) => {
      const tr = h('tr', { class: bold[i + 1] ? 'row-strong' : null },
        cells.map((c) => h('td', { class: isNumberCell(c) ? 'num' : null }, c)));
      body.append(tr);
      trs.push({ tr, label: rowLabel(cells) });
    });
    table.append(body);
  } else {
    table.append(h('tbody', {}, h('tr', {}, h('td', {}, block.text))));
  }
  const wrap = h('div', { class: 'table-wrap block', role: 'region', tabindex: '0', 'aria-label': caption || 'Table' }, table);
  return { el: wrap, rows: trs };
}

function refLinks(block) {
  return (block.refs || []).map((n) => h('sup', { class: 'ref' },
    h('a', { href: `#fn-${n}`, 'aria-label': `Footnote ${n}` }, String(n))));
}

function renderReport(doc) {
  const body = $('report-body');
  const toc = $('toc-list');
  const seenFootnotes = new Set();
  const seenPages = new Set();
  let lastPage = null;
  const tocStack = [{ level: 0, list: toc }];
  sections = [];
  allItems = [];

  const pageMarker = (page, into) => {
    if (page === null || page === undefined || page === lastPage) return;
    lastPage = page;
    const marker = h('p', { class: 'page-marker', id: seenPages.has(page) ? null : `page-${page}` }, h('span', {}, `Page ${page}`));
    seenPages.add(page);
    into.append(marker);
  };

  doc.sections.forEach((section, index) => {
    const path = section.path || [];
    const title = path.length ? path[path.length - 1] : '';
    const level = Math.max(0, Number(section.level) || 0);
    const secEl = h('section', { class: `report-section level-${level}`, id: `sec-${index}` });
    let heading = null;
    pageMarker(section.page, body);
    if (title && !(index === 0 && level === 0 && title === doc.title)) {
      heading = h(`h${Math.min(Math.max(level + 1, 2), 6)}`, { class: 'report-heading', id: `sec-${index}-h` }, title);
      secEl.setAttribute('aria-labelledby', `sec-${index}-h`);
      secEl.append(heading);
      if (level >= 1 && level <= 3) {
        while (tocStack.length > 1 && tocStack[tocStack.length - 1].level >= level) tocStack.pop();
        const parent = tocStack[tocStack.length - 1];
        const li = h('li', {}, h('a', { href: `#sec-${index}` }, title));
        parent.list.append(li);
        const sub = h('ol', {});
        li.append(sub);
        tocStack.push({ level, list: sub });
      }
    }
    const items = [];
    let list = null;
    const blocks = section.blocks || [];
    blocks.forEach((block, bi) => {
      if (block.page !== lastPage && block.page !== null && block.page !== undefined) {
        list = null;
        pageMarker(block.page, secEl);
      }
      const textEl = h('span', { class: 'block-text' }, block.text || '');
      let el;
      let rows = [];
      if (block.kind === 'list_item') {
        if (!list) {
          list = h('ul', { class: 'report-list' });
          secEl.append(list);
        }
        el = h('li', { class: 'block' }, textEl, refLinks(block));
        list.append(el);
      } else {
        list = null;
        if (block.kind === 'table') {
          const prev = blocks[bi - 1];
          const caption = prev && prev.kind === 'paragraph' && CAPTION.test(prev.text) ? prev.text : '';
          ({ el, rows } = renderTable(block, caption));
        } else if (block.kind === 'footnote') {
          const n = block.number;
          const id = n !== null && n !== undefined && !seenFootnotes.has(n) ? `fn-${n}` : null;
          if (id) seenFootnotes.add(n);
          el = h('p', { class: 'block footnote', id },
            n !== null && n !== undefined ? h('span', { class: 'fn-num' }, `${n}`, h('span', { class: 'visually-hidden' }, ' (footnote)')) : null,
            ' ', textEl);
        } else {
          el = h('p', { class: 'block' }, textEl, refLinks(block));
        }
        secEl.append(el);
      }
      const item = { el, textEl, block, kind: block.kind, text: block.text || '', rows, page: block.page, section: secEl };
      items.push(item);
      allItems.push(item);
    });
    body.append(secEl);
    sections.push({ section, el: secEl, heading, items });
  });

  // Drop empty sub-lists from the contents.
  toc.querySelectorAll('ol:empty').forEach((ol) => ol.remove());
}

// ---------------------------------------------------------------- finding

function clearHits() {
  document.querySelectorAll('.hit').forEach((el) => el.classList.remove('hit'));
  document.querySelectorAll('.hit-row').forEach((el) => el.classList.remove('hit-row'));
  document.querySelectorAll('mark.hl').forEach((mark) => {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent.normalize();
  });
}

function sameSection(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}

function lineMatches(line, item) {
  if (item.kind === 'table') {
    const head = (item.block.rows || [])[0];
    if (head && squash(line) === squash(head.join(''))) return true; // the header, repeated in each part of a long table
    return item.rows.some((r) => r.label && looseFind(line, r.label));
  }
  return looseFind(item.text, line) !== null;
}

/** The run of consecutive blocks whose text holds the chunk's lines in order (footnotes may sit between). */
function matchRun(items, lines, kind) {
  for (let start = 0; start < items.length; start += 1) {
    if (!lineMatches(lines[0], items[start])) continue;
    const hits = [];
    let i = 0;
    let j = start;
    let used = false;
    while (i < lines.length && j < items.length) {
      const item = items[j];
      const next = items[j + 1];
      if (used && next && next.kind !== 'table' && item.kind === 'table' && lineMatches(lines[i], next)) {
        j += 1; used = false; // a note under a table mentions a row label; it belongs to the note
      } else if (lineMatches(lines[i], item)) {
        if (!used) hits.push(item);
        used = true;
        i += 1;
      } else if (used) {
        j += 1; used = false;
      } else if (hits.length && item.kind === 'footnote' && kind !== 'footnote') {
        j += 1;
      } else break;
    }
    if (i === lines.length) return hits;
  }
  return null;
}

const squash = (text) => String(text || '').replace(/\s+/g, '').toLowerCase();

function commonPrefix(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i += 1;
  return i;
}

/**
 * The run of consecutive blocks whose text, read as one stream without white
 * space, is the chunk's text: however the chunker joined the pieces (new line
 * or space) and wherever a piece starts inside a long paragraph.
 */
function streamRun(items, text, kind) {
  const target = squash(text);
  if (!target) return null;
  const probe = target.slice(0, 60);
  for (let s = 0; s < items.length; s += 1) {
    const first = items[s];
    if (first.kind === 'table') continue;
    const b = squash(first.text);
    if (!b) continue;
    let at = b.indexOf(probe);
    if (at < 0 && target.startsWith(b)) at = 0;
    if (at < 0) continue;
    let pos = commonPrefix(b.slice(at), target);
    let blockDone = at + pos === b.length;
    const hits = [first];
    for (let j = s + 1; pos < target.length && blockDone && j < items.length; j += 1) {
      const item = items[j];
      if (item.kind === 'table') break;
      const next = squash(item.text);
      const m = commonPrefix(next, target.slice(pos));
      if (m === 0) {
        if (item.kind === 'footnote' && kind !== 'footnote') continue; // a footnote printed mid-passage
        break;
      }
      hits.push(item);
      pos += m;
      blockDone = m === next.length;
    }
    if (pos === target.length) return hits;
  }
  return null;
}

/** Mark `sentence` where it stands in the hit blocks, even when it runs over two of them. */
function markAcross(hits, sentence) {
  const target = squash(sentence);
  if (!target) return null;
  const parts = [];
  let all = '';
  for (const item of hits) {
    if (item.kind === 'table' || !item.textEl) continue;
    const map = [];
    let compact = '';
    for (let i = 0; i < item.text.length; i += 1) {
      const ch = item.text[i];
      if (/\s/.test(ch)) continue;
      const folded = ch.toLowerCase();
      for (let k = 0; k < folded.length; k += 1) map.push(i);
      compact += folded;
    }
    parts.push({ item, start: all.length, map, length: compact.length });
    all += compact;
  }
  const at = all.indexOf(target);
  if (at < 0) return null;
  const end = at + target.length;
  let first = null;
  for (const part of parts) {
    const a = Math.max(at, part.start);
    const b = Math.min(end, part.start + part.length);
    if (a >= b) continue;
    const mark = markRange(part.item.textEl, part.map[a - part.start], part.map[b - 1 - part.start] + 1);
    if (!first) first = mark;
  }
  return first;
}

function markSentence(hits, sentence) {
  if (!sentence) return null;
  for (const item of hits) {
    if (item.kind !== 'table') continue;
    const row = item.rows.find((r) => r.label && looseFind(sentence, r.label));
    if (row) { row.tr.classList.add('hit-row'); return row.tr; }
  }
  const marked = markAcross(hits, sentence);
  if (marked) return marked;
  // The sentence may have been cut differently: mark from its first words to the end of that block.
  const head = sentence.split(/\s+/).slice(0, 8).join(' ');
  for (const item of hits) {
    if (item.kind === 'table') continue;
    const span = looseFind(item.text, head);
    if (span) return markRange(item.textEl, span[0], item.text.length);
  }
  return null;
}

function show(hits, marked, message) {
  const first = hits[0].el;
  hits.forEach((item) => item.el.classList.add('hit'));
  if (!first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
  first.focus({ preventScroll: true });
  (marked || first).scrollIntoView({ block: 'center' });
  located.replaceChildren(h('span', { class: 'located-icon', 'aria-hidden': 'true' }, '➜'), message);
  located.hidden = false;
}

function notFound(message) {
  located.replaceChildren(message);
  located.hidden = false;
}

async function locateChunk(chunkId, hl) {
  let chunk;
  try {
    chunk = await fetchJSON(`/chunks/${encodeURIComponent(chunkId)}`);
  } catch (err) {
    notFound(`Couldn't load the cited passage: ${describeError(err).detail}`);
    return;
  }
  if (chunk.document && chunk.document !== docId) {
    window.location.replace(chunkHref(chunk.document, chunk.id, hl));
    return;
  }
  const lines = String(chunk.text || '').split('\n').map((l) => l.trim()).filter(Boolean);
  const sentence = hl ? String(chunk.text).slice(hl[0], hl[1]).trim() : '';
  const candidates = sections.filter((s) => sameSection(s.section.path, chunk.section));
  let hits = null;
  const match = (items) => (chunk.kind === 'table' ? null : streamRun(items, chunk.text, chunk.kind))
    || (lines.length ? matchRun(items, lines, chunk.kind) : null);
  for (const group of [candidates, sections]) {
    for (const s of group) {
      hits = match(s.items);
      if (hits) break;
    }
    if (hits) break;
  }
  if (!hits) {
    // Fall back to any block of the section holding the cited sentence or the first line.
    const pool = candidates.length ? candidates.flatMap((s) => s.items) : allItems;
    for (const needle of [sentence, lines[0]].filter(Boolean)) {
      const found = pool.filter((item) => lineMatches(needle, item));
      if (found.length) { hits = found.slice(0, 1); break; }
    }
  }
  const where = [pagesLabel(chunk.page, chunk.pages), (chunk.section || []).slice(-1)[0]].filter(Boolean).join(' · ');
  if (!hits) {
    const s = candidates[0];
    if (s && s.heading) {
      show([{ el: s.heading }], null, `The cited passage is in this section (${where}); its exact text was not found.`);
    } else {
      notFound('The cited passage could not be found in this report.');
    }
    return;
  }
  const marked = markSentence(hits, sentence);
  show(hits, marked, `Showing the cited passage: ${where}${/[.?!]$/.test(where) ? '' : '.'}`);
}

function locateFind(page, find) {
  const onPage = (p) => allItems.filter((item) => item.page === p);
  const pools = page ? [onPage(page), onPage(page - 1).concat(onPage(page + 1)), allItems] : [allItems];
  const clean = (t) => String(t).replace(/[*†‡]+\s*$/, '').replace(/\s+/g, '').toLowerCase();
  for (const pool of pools) {
    if (!find) break;
    const target = clean(find);
    for (const item of pool) {
      const row = item.kind === 'table' && item.rows.find((r) => clean(r.label) === target);
      if (row) {
        row.tr.classList.add('hit-row');
        show([item], row.tr, `Showing “${find}” on page ${item.page}.`);
        return;
      }
    }
    const tiers = [
      (item) => item.kind !== 'table' && clean(item.text).startsWith(target),
      (item) => item.kind !== 'table' && looseFind(item.text, find, false),
      (item) => item.kind !== 'table' && looseFind(item.text, find, true),
      (item) => item.kind === 'table' && lineMatches(find, item),
    ];
    for (const test of tiers) {
      const item = pool.find(test);
      if (item) {
        const marked = markSentence([item], find);
        show([item], marked, `Showing “${find}” on ${pagesLabel(item.page)}.`);
        return;
      }
    }
  }
  const marker = page ? document.getElementById(`page-${page}`) : null;
  if (marker) {
    show([{ el: marker }], null, `Showing page ${page}.`);
  } else if (find || page) {
    notFound(`“${find || `page ${page}`}” was not found in this report.`);
  }
}

function locate() {
  const raw = window.location.hash.slice(1);
  if (!raw.includes('=')) return; // a plain anchor (#sec-3, #fn-2): the browser scrolls to it
  clearHits();
  located.hidden = true;
  const params = new URLSearchParams(raw);
  const chunk = params.get('chunk');
  const hlMatch = /^(\d+)-(\d+)$/.exec(params.get('hl') || '');
  const hl = hlMatch ? [Number(hlMatch[1]), Number(hlMatch[2])] : null;
  if (chunk) {
    locateChunk(chunk, hl);
    return;
  }
  const page = Number.parseInt(params.get('page') || '', 10);
  locateFind(Number.isFinite(page) ? page : null, params.get('find') || '');
}

// ---------------------------------------------------------------- start

async function start() {
  const loading = $('report-loading');
  const toc = $('toc');
  toc.open = WIDE.matches;
  toc.addEventListener('click', (event) => {
    if (event.target.closest('a') && !WIDE.matches) toc.open = false;
  });
  let doc;
  try {
    doc = await fetchJSON(`/documents/${encodeURIComponent(docId)}`);
  } catch (err) {
    const { title, detail } = describeError(err);
    loading.replaceChildren(
      h('strong', {}, err && err.status === 404 ? 'Report not found. ' : `${title}. `),
      err && err.status === 404 ? `There is no report called “${docId}”. ` : `${detail} `,
      h('a', { href: '/' }, 'Back to the questions'));
    loading.classList.add('error-card');
    loading.setAttribute('role', 'alert');
    toc.hidden = true;
    return;
  }
  document.title = `${doc.title || doc.id} — peel-qa`;
  $('report-title').textContent = doc.title || doc.id;
  $('report-meta').textContent = [doc.source ? `Source: ${doc.source}` : '', doc.pages ? `${doc.pages} pages` : ''].filter(Boolean).join(' · ');
  renderReport(doc);
  loading.remove();
  $('report').hidden = false;
  window.addEventListener('hashchange', locate);
  locate();
}

start();
