// The chat page: ask the report, show the short answer with its citation, the
// matching figures as bars and grade badges, then the passages.
import {
  ApiError, chunkHref, describeError, fetchJSON, formatValue, gradeClass, h, isNumberCell, looseFind, markRange,
  pageHref, pagesLabel,
} from './common.js';

const STORE_KEY = 'peel-qa:conversation';
const MAX_STORED = 20;
const TOP_K = 5;
const COMPARATOR = /england\s+and\s+wales/i;

const $ = (id) => document.getElementById(id);
const form = $('ask-form');
const box = $('question');
const send = $('send');
const conversation = $('conversation');
const announcer = $('announcer');
const intro = $('intro');
const fieldError = $('question-error');
const newChat = $('new-chat');

const docFilter = $('doc-filter');
const docTitles = new Map(); // document id -> title, to say which report a passage comes from
const SHOWN_REPORT_LINKS = 8;

let history = [];
let busy = false;
let counter = 0;

// ---------------------------------------------------------------- utilities

function announce(text) {
  // Clear first so the same words are announced again.
  announcer.textContent = '';
  window.setTimeout(() => { announcer.textContent = text; }, 50);
}

function save() {
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(history.slice(-MAX_STORED)));
  } catch {
    // Storage full or disabled: the conversation just won't survive a reload.
  }
}

function load() {
  try {
    const data = JSON.parse(sessionStorage.getItem(STORE_KEY) || '[]');
    return Array.isArray(data) ? data.filter((e) => e && typeof e.question === 'string') : [];
  } catch {
    return [];
  }
}

function updateChrome() {
  const empty = history.length === 0 && !busy;
  intro.classList.toggle('intro--compact', !empty);
  $('suggest-box').hidden = !empty;
  newChat.hidden = history.length === 0;
}

/** Series in display order: the force(s) first, England and Wales (the comparator) last. */
function orderedSeries(values) {
  const keys = Object.keys(values || {});
  return [...keys.filter((k) => !COMPARATOR.test(k)), ...keys.filter((k) => COMPARATOR.test(k))];
}

function isJudgment(fig) {
  const vals = Object.values(fig.values || {});
  return fig.figure === 'Judgment' || (vals.length > 0 && vals.every((v) => typeof v === 'string'));
}

/** What to call a figure's source: its table ("Figure 2"), the statistics panel, or the report's text. */
function figureName(fig) {
  return fig.figure === 'Text' ? 'In the text' : fig.figure;
}

function figureFind(fig) {
  if (isJudgment(fig)) {
    const grade = Object.values(fig.values || {}).find((v) => typeof v === 'string');
    return grade || fig.label;
  }
  return fig.label;
}

function sectionLabel(section) {
  const path = Array.isArray(section) ? section : [];
  if (path.length <= 2) return path.join(' › ');
  return `… › ${path.slice(-2).join(' › ')}`;
}

// ---------------------------------------------------------------- answer

/** Where the short answer comes from: a passage holding its words, a figure, or the best passage. */
function answerTarget(result) {
  const answer = result.answer;
  if (!answer) return null;
  for (const p of result.passages || []) {
    const span = inChunk(p, looseFind(p.text, answer.text));
    if (span) return { href: chunkHref(p.document, p.id, span), page: p.page, pages: p.pages };
  }
  const figures = result.figures || [];
  if (figures.length) {
    const fig = figures.find((f) => looseFind(answer.text, f.label)) || figures[0];
    return { href: pageHref(fig.document, fig.page, figureFind(fig)), page: fig.page };
  }
  const top = (result.passages || [])[0];
  return top ? { href: chunkHref(top.document, top.id, inChunk(top, top.highlight)), page: top.page, pages: top.pages } : null;
}

/** A [start, end) span of a passage's shown text as a span of its chunk's own text (what the reader
 * highlights), or null when it lies outside the chunk (in the neighbours' sentences shown around it). */
function inChunk(p, span) {
  if (!Array.isArray(span)) return null;
  const [from, to] = Array.isArray(p.chunk_span) ? p.chunk_span : [0, p.text.length];
  return span[0] >= from && span[1] <= to ? [span[0] - from, span[1] - from] : null;
}

function renderAnswer(result) {
  const answer = result.answer;
  if (!result.answerable) {
    return h('div', { class: 'answer answer--none' },
      h('h3', { class: 'answer-kicker' }, h('span', { class: 'kicker-icon', 'aria-hidden': 'true' }, '?'), 'Not in the report'),
      h('p', { class: 'answer-text' }, answer && answer.text ? answer.text : 'The report does not appear to cover this.'),
      h('p', { class: 'answer-note' }, 'No passage answers this with confidence. The closest passages are listed below; they may not answer your question.'));
  }
  const target = answerTarget(result);
  const citation = answer && answer.citation ? answer.citation : target ? pagesLabel(target.page, target.pages) : '';
  return h('div', { class: 'answer answer--confident' },
    h('h3', { class: 'answer-kicker' }, h('span', { class: 'kicker-icon', 'aria-hidden': 'true' }, '✓'), 'From the report'),
    h('p', { class: 'answer-text' }, answer ? answer.text : ''),
    citation ? h('p', { class: 'answer-citation' }, 'Source: ',
      target ? h('a', { href: target.href, class: 'cite' }, citation) : citation) : null);
}

// ---------------------------------------------------------------- figures

function renderBars(fig, max) {
  const rows = orderedSeries(fig.values).map((series, i) => {
    const value = fig.values[series];
    const comparator = COMPARATOR.test(series);
    const numeric = typeof value === 'number' && Number.isFinite(value);
    const fill = h('span', { class: `bar-fill${numeric && value < 0 ? ' bar-fill--negative' : ''}` });
    if (numeric && max > 0) {
      const pct = Math.abs(value) / max * 100;
      fill.style.width = `${value === 0 ? 0 : Math.max(pct, 0.75).toFixed(2)}%`; // CSSOM, allowed by the CSP
    }
    return h('div', { class: `bar-row ${comparator ? 'bar-row--comparator' : i === 0 ? 'bar-row--force' : 'bar-row--other'}` },
      h('dt', { class: 'bar-series' }, series),
      h('dd', { class: 'bar-cell' },
        h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'bar-value' }, numeric ? formatValue(value, fig.unit) : 'no figure')));
  });
  return h('dl', { class: 'bars' }, rows);
}

function renderChartGroup(group) {
  const first = group[0];
  const numbers = group.flatMap((f) => Object.values(f.values || {})).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const max = numbers.length ? Math.max(...numbers.map(Math.abs)) : 0;
  const titleDiffers = first.title && first.title !== first.label;
  const meta = [first.unit, first.period].filter(Boolean).join(' · ');
  const pages = [...new Set(group.map((f) => f.page).filter((p) => p !== null && p !== undefined))];
  const notes = [...new Set(group.flatMap((f) => [f.note, f.definition]).filter(Boolean))];
  const sources = [...new Set(group.map((f) => f.source).filter(Boolean))];
  return h('figure', { class: 'chart' },
    h('figcaption', { class: 'chart-caption' },
      h('span', { class: 'chart-figure' }, figureName(first)),
      titleDiffers ? h('span', { class: 'chart-title' }, first.title) : null,
      meta ? h('span', { class: 'chart-meta' }, meta) : null),
    group.map((fig) => h('div', { class: 'chart-item' },
      h('p', { class: 'chart-label' }, fig.group ? `${fig.group} › ${fig.label}` : fig.label),
      renderBars(fig, max))),
    notes.map((n) => h('p', { class: 'chart-note' }, n)),
    h('p', { class: 'chart-source' },
      sources.length ? `Source: ${sources.join('; ')} · ` : '',
      pages.length
        ? h('a', { class: 'cite', href: pageHref(first.document, pages[0], figureFind(first)) },
          `${figureName(first)}, ${pagesLabel(pages[0], pages)}`)
        : figureName(first)));
}

function renderGrades(judgments) {
  return h('ul', { class: 'grades' }, judgments.map((fig) => h('li', { class: 'grade-card' },
    h('p', { class: 'grade-question' }, fig.label),
    h('p', { class: 'grade-values' }, orderedSeries(fig.values).map((series) => h('span', { class: 'grade-line' },
      h('span', { class: `badge badge--${gradeClass(fig.values[series])}` }, String(fig.values[series])),
      h('span', { class: 'grade-series' }, series)))),
    fig.page !== null && fig.page !== undefined
      ? h('p', { class: 'grade-source' }, h('a', { class: 'cite', href: pageHref(fig.document, fig.page, figureFind(fig)) },
        `Judgment, page ${fig.page}`))
      : null)));
}

function renderFigures(figures) {
  if (!figures || !figures.length) return null;
  const judgments = figures.filter(isJudgment);
  const numeric = figures.filter((f) => !isJudgment(f));
  const groups = new Map();
  for (const fig of numeric) {
    const key = [fig.document, fig.figure, fig.title, fig.unit, fig.period].join('\u241f');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(fig);
  }
  return h('div', { class: 'figures' },
    h('h3', { class: 'block-title' }, judgments.length && !numeric.length ? 'Grades' : 'Figures'),
    judgments.length ? renderGrades(judgments) : null,
    [...groups.values()].map(renderChartGroup));
}

// ---------------------------------------------------------------- passages

/**
 * A table passage: the caption and notes as lines, the tab-separated rows (the report's, as printed)
 * as a table whose first row is the header; the cited row is marked.
 */
function tablePassage(text, highlight) {
  const wrap = h('div', { class: 'passage-text passage-table' });
  let offset = 0;
  let body = null;
  let width = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const cited = Array.isArray(highlight) && highlight[0] < offset - 1 && highlight[1] > start;
    if (!line.includes('\t')) {
      body = null;
      wrap.append(h('p', { class: 'passage-table-line' }, cited ? h('mark', { class: 'hl' }, line) : line));
      continue;
    }
    const cells = line.split('\t');
    width = body ? width : cells.length;
    while (cells.length < width) cells.push(''); // a group row: empty cells keep the columns
    if (!body) {  // a run of rows opens with the header, unless this part of the table starts mid-way
      body = h('tbody', {});
      const header = !cells.some(isNumberCell);
      wrap.append(h('div', { class: 'table-wrap' }, h('table', { class: 'report-table' },
        header ? h('thead', {}, h('tr', {}, cells.map((c) => h('th', { scope: 'col' }, c)))) : null, body)));
      if (header) continue;
    }
    body.append(h('tr', { class: cited ? 'hit-row' : null },
      cells.map((c) => h('td', { class: isNumberCell(c) ? 'num' : null }, c))));
  }
  return wrap;
}

function passageText(text, highlight, className) {
  const el = h('p', { class: className }, text);
  if (Array.isArray(highlight) && highlight[1] > highlight[0]) markRange(el, highlight[0], highlight[1]);
  return el;
}

/** `text` without the part the passage already shows (its neighbours' text next to it): nothing when
 * the passage shows all of it (the other parts of a table), its unshown head or tail when it shows some. */
function unshown(text, shown, where) {
  const part = shown.trim();
  const whole = text.trim();
  if (!part) return text;
  if (part.includes(whole)) return '';
  if (where === 'before' && whole.endsWith(part)) return whole.slice(0, whole.length - part.length).trimEnd();
  if (where === 'after' && whole.startsWith(part)) return whole.slice(part.length).trimStart();
  return text;
}

function contextChunk(chunk, where, baseSection, shown = '') {
  const sameSection = JSON.stringify(chunk.section) === JSON.stringify(baseSection);
  return h('div', { class: `context-chunk context-chunk--${where}` },
    h('p', { class: 'context-label' },
      where === 'before' ? 'Before' : 'After',
      chunk.page ? ` · ${pagesLabel(chunk.page, chunk.pages)}` : '',
      sameSection ? '' : ` · ${sectionLabel(chunk.section)}`),
    h('p', { class: 'context-text' }, unshown(chunk.text, shown, where)),
    h('p', { class: 'context-link' }, h('a', { href: chunkHref(chunk.document, chunk.id) }, 'Open this part in the report')));
}

function renderPassage(p, index) {
  const id = `p-${counter}-${index}`;
  const before = h('div', { class: 'context context--before' });
  const after = h('div', { class: 'context context--after' });
  const status = h('p', { class: 'context-status', hidden: true });
  let prevId = p.prev;
  let nextId = p.next;
  const more = h('button', { type: 'button', class: 'button-quiet more', 'aria-controls': id }, 'More context');
  if (!prevId && !nextId) {
    more.disabled = true;
    more.textContent = 'No more context';
  }
  more.addEventListener('click', async () => {
    if (more.disabled || more.getAttribute('aria-busy') === 'true') return;
    more.setAttribute('aria-busy', 'true');
    more.textContent = 'Loading context…';
    status.hidden = true;
    try {
      const [prev, next] = await Promise.all([
        prevId ? fetchJSON(`/chunks/${encodeURIComponent(prevId)}`) : null,
        nextId ? fetchJSON(`/chunks/${encodeURIComponent(nextId)}`) : null,
      ]);
      let added = 0;
      const [from, to] = Array.isArray(p.chunk_span) ? p.chunk_span : [0, p.text.length];
      // the neighbours fetched may already be shown, wholly or in part (the passage's widened text)
      const shownBefore = p.text.slice(0, from);
      const shownAfter = p.text.slice(to);
      if (prev) {
        if (unshown(prev.text, shownBefore, 'before')) { before.prepend(contextChunk(prev, 'before', p.section, shownBefore)); added += 1; }
        prevId = prev.prev;
      }
      if (next) {
        if (unshown(next.text, shownAfter, 'after')) { after.append(contextChunk(next, 'after', p.section, shownAfter)); added += 1; }
        nextId = next.next;
      }
      announce(`Added ${added} neighbouring passage${added === 1 ? '' : 's'}.`);
    } catch (err) {
      const { detail } = describeError(err);
      status.textContent = `Couldn't load more context. ${detail}`;
      status.hidden = false;
    } finally {
      more.removeAttribute('aria-busy');
      if (!prevId && !nextId) {
        more.disabled = true;
        more.textContent = 'No more context';
      } else {
        more.textContent = 'More context';
      }
    }
  });
  const kind = p.kind && p.kind !== 'text' ? h('span', { class: 'kind-tag' }, p.kind === 'table' ? 'Table' : p.kind === 'footnote' ? 'Footnote' : p.kind) : null;
  const score = typeof p.score === 'number' ? p.score.toFixed(2) : '';
  return h('li', { class: 'passage', id },
    h('p', { class: 'passage-path', title: (p.section || []).join(' › ') }, kind, reportTag(p.document), sectionLabel(p.section)),
    before,
    p.kind === 'table' && p.text.includes('\t') ? tablePassage(p.text, p.highlight) : passageText(p.text, p.highlight, 'passage-text'),
    after,
    status,
    h('div', { class: 'passage-foot' },
      h('a', { class: 'cite', href: chunkHref(p.document, p.id, inChunk(p, p.highlight)) },
        `${pagesLabel(p.page, p.pages) || 'Open'}`, h('span', { class: 'visually-hidden' }, ': open this passage in the report')),
      more,
      score ? h('span', { class: 'score', title: 'Retrieval score (higher is closer to the question)' }, `score ${score}`) : null));
}

function reportTag(documentId) {
  if (docTitles.size < 2) return null;
  return h('span', { class: 'report-tag' }, docTitles.get(documentId) || documentId);
}

function showDocuments(documents) {
  documents.forEach((d) => docTitles.set(d.id, d.title || d.id));
  const links = $('report-links');
  const shown = documents.slice(0, SHOWN_REPORT_LINKS);
  links.replaceChildren(...shown.map((d) => h('li', {},
    h('a', { href: `/report/${encodeURIComponent(d.id)}` }, documents.length === 1 ? 'Read the report' : d.title || d.id))));
  const docLine = $('doc-line');
  if (documents.length) {
    const more = documents.length - shown.length;
    docLine.replaceChildren(documents.length === 1 ? 'Report: ' : `${documents.length} reports: `,
      ...shown.flatMap((d, i) => [i ? '; ' : '', h('a', { href: `/report/${encodeURIComponent(d.id)}` }, d.title || d.id)]),
      more > 0 ? ` and ${more} more` : '');
  }
  if (documents.length > 1) {
    docFilter.replaceChildren(h('option', { value: '' }, 'All reports'),
      ...documents.map((d) => h('option', { value: d.id }, d.title || d.id)));
    $('doc-filter-row').hidden = false;
  }
}

function renderPassages(result) {
  const passages = result.passages || [];
  if (!passages.length) return h('p', { class: 'muted' }, 'No passages were found.');
  const list = h('ol', { class: 'passages' }, passages.map(renderPassage));
  if (!result.answerable) {
    return h('details', { class: 'passages-box passages-box--weak' },
      h('summary', {}, `Closest passages (${passages.length}) — not a confident match`), list);
  }
  return h('div', { class: 'passages-box' },
    h('h3', { class: 'block-title' }, `Passages (${passages.length})`), list);
}

function renderResult(reply, result) {
  reply.replaceChildren(...[
    renderAnswer(result),
    result.answerable ? renderFigures(result.figures) : null,
    renderPassages(result),
    typeof result.took_ms === 'number' ? h('p', { class: 'took' }, `Answered in ${Math.round(result.took_ms)} ms`) : null,
  ].filter(Boolean));
  reply.classList.toggle('reply--none', !result.answerable);
}

function renderError(reply, error, question) {
  const retry = h('button', { type: 'button', class: 'button-quiet' }, 'Try again');
  retry.addEventListener('click', () => {
    const index = history.indexOf(reply.__entry);
    if (index >= 0) history.splice(index, 1);
    reply.closest('.exchange').remove();
    save();
    ask(question);
  });
  reply.replaceChildren(h('div', { class: 'error-card' },
    h('p', { class: 'error-title' }, h('span', { class: 'kicker-icon', 'aria-hidden': 'true' }, '!'), error.title),
    h('p', { class: 'error-detail' }, error.detail),
    retry));
}

function renderExchange(question) {
  counter += 1;
  const qid = `q-${counter}`;
  const reply = h('div', { class: 'reply', id: `a-${counter}`, tabindex: '-1' });
  const root = h('article', { class: 'exchange', 'aria-labelledby': qid },
    h('h2', { class: 'question', id: qid }, h('span', { class: 'visually-hidden' }, 'You asked: '), question),
    reply);
  conversation.append(root);
  return { root, reply };
}

// ---------------------------------------------------------------- asking

function showFieldError(message) {
  fieldError.textContent = message;
  fieldError.hidden = !message;
  if (message) box.setAttribute('aria-invalid', 'true');
  else box.removeAttribute('aria-invalid');
}

async function ask(rawQuestion) {
  const question = String(rawQuestion || '').replace(/\s+/g, ' ').trim();
  if (!question) {
    showFieldError('Type a question first.');
    box.focus();
    return;
  }
  if (busy) return;
  showFieldError('');
  busy = true;
  send.disabled = true;
  send.textContent = 'Asking…';
  updateChrome();
  const { root, reply } = renderExchange(question);
  reply.append(h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Searching the report…'));
  conversation.setAttribute('aria-busy', 'true');
  root.scrollIntoView({ block: 'start', behavior: 'smooth' });
  announce('Searching the report…');
  const entry = { question };
  reply.__entry = entry;
  try {
    const result = await fetchJSON('/ask', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(docFilter.value
        ? { question, top_k: TOP_K, documents: [docFilter.value] }
        : { question, top_k: TOP_K }),
    });
    entry.result = result;
    renderResult(reply, result);
    const text = result.answer && result.answer.text ? result.answer.text : '';
    announce(result.answerable ? `Answer: ${text}` : `Not in the report. ${text}`);
  } catch (err) {
    const error = describeError(err);
    entry.error = error;
    renderError(reply, error, question);
    announce(`${error.title}. ${error.detail}`);
  } finally {
    busy = false;
    send.disabled = false;
    send.textContent = 'Ask';
    conversation.removeAttribute('aria-busy');
    if (root.isConnected) history.push(entry); // not when "New conversation" was pressed meanwhile
    save();
    updateChrome();
  }
  // Move to the answer, unless the user has started typing the next question or gone elsewhere.
  const active = document.activeElement;
  const idle = !active || active === document.body || active === box || active === send || !active.isConnected
    || Boolean(active.closest('#suggest-box'));
  if (root.isConnected && idle && !box.value.trim()) {
    reply.focus({ preventScroll: true });
    root.scrollIntoView({ block: 'start' });
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = box.value;
  if (!question.trim()) {
    showFieldError('Type a question first.');
    return;
  }
  if (busy) return;
  box.value = '';
  ask(question);
});

box.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

box.addEventListener('input', () => {
  if (!fieldError.hidden && box.value.trim()) showFieldError('');
});

newChat.addEventListener('click', () => {
  history = [];
  save();
  conversation.replaceChildren();
  updateChrome();
  announce('Started a new conversation.');
  box.focus();
});

// ---------------------------------------------------------------- suggestions

const GENERIC_SECTION = /^(introduction|overview|overall (judgment|judgement|summary)|summary of findings|areas? for improvement|next steps|contents|data in the report|population|(figure|table|annex|appendix)\b)/i;

function lowerFirst(text) {
  const firstWord = text.split(/\s+/)[0] || '';
  if (/^[A-Z0-9]{2,}/.test(firstWord)) return text; // an acronym such as THRIVE
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function cleanTitle(title) {
  return String(title || '').replace(/[*†‡]+$/, '').trim();
}

/** A question already in the report's words: "Overview – How effective …?" -> "How effective …?". */
function headingQuestion(title) {
  const parts = cleanTitle(title).split(/\s[–—:-]\s/);
  const q = parts[parts.length - 1].trim();
  return q.endsWith('?') && q.split(/\s+/).length >= 4 ? q : null;
}

function figureQuestion(fig) {
  const label = cleanTitle(fig.label);
  if (!label || label.length > 70) return null;
  const force = Object.keys(fig.values || {}).find((k) => !COMPARATOR.test(k));
  const where = force ? ` in ${force}` : '';
  const unit = (fig.unit || '').trim();
  const comparator = Object.keys(fig.values || {}).find((k) => COMPARATOR.test(k));
  if (/^per\b/i.test(unit)) return `What is the rate of ${lowerFirst(label)}${where}?`;
  if (force && comparator) return `How does ${force} compare with ${comparator} on ${lowerFirst(label)}?`;
  return `What does the report say about ${lowerFirst(label)}?`;
}

/** Take up to n items spread evenly over a list. */
function spread(list, n) {
  if (list.length <= n) return list.slice();
  const out = [];
  for (let i = 0; i < n; i += 1) out.push(list[Math.floor((i * list.length) / n)]);
  return out;
}

function buildSuggestions(sections, figures) {
  const questions = [];
  const topics = [];
  for (const s of sections) {
    const title = s.path && s.path.length ? s.path[s.path.length - 1] : '';
    if (!title || GENERIC_SECTION.test(title)) continue;
    const q = headingQuestion(title);
    if (q && s.level <= 2 && q.split(/\s+/).length <= 14) questions.push(q);
    else if (!q && s.level >= 2 && title.split(/\s+/).length <= 6 && (s.blocks || []).length >= 2) {
      topics.push(`What does the report say about ${lowerFirst(cleanTitle(title))}?`);
    }
  }
  const byFigure = new Map();
  for (const f of figures) {
    if (isJudgment(f)) continue;
    const q = figureQuestion(f);
    if (!q) continue;
    if (!byFigure.has(f.figure)) byFigure.set(f.figure, []);
    byFigure.get(f.figure).push(q);
  }
  // One question from each of the first figures, preferring rates ("per ...") which read best.
  const isRate = (q) => q.startsWith('What is the rate');
  const figureQs = [...byFigure.values()].map((qs) => qs.slice().reverse().find(isRate) || qs[0]);
  figureQs.sort((a, b) => Number(isRate(b)) - Number(isRate(a)));
  const picked = [...figureQs.slice(0, 2), ...spread(questions, 3), ...spread(topics, 2)];
  return [...new Set(picked)].slice(0, 7);
}

async function loadSuggestions() {
  const status = $('suggest-status');
  const list = $('suggestions');
  try {
    const { documents = [] } = await fetchJSON('/documents');
    showDocuments(documents);
    const [docs, figs] = await Promise.allSettled([
      Promise.all(documents.slice(0, 3).map((d) => fetchJSON(`/documents/${encodeURIComponent(d.id)}`))),
      fetchJSON('/figures'),
    ]);
    const sections = docs.status === 'fulfilled' ? docs.value.flatMap((d) => d.sections || []) : [];
    const figures = figs.status === 'fulfilled' ? figs.value.figures || [] : [];
    const suggestions = buildSuggestions(sections, figures);
    list.replaceChildren(...suggestions.map((q) => h('li', {},
      h('button', { type: 'button', class: 'suggestion', onclick: () => { box.value = ''; ask(q); } }, q))));
    status.hidden = suggestions.length > 0;
    status.textContent = suggestions.length ? '' : 'No suggestions yet: type your own question below.';
  } catch (err) {
    status.textContent = 'Suggestions are not available right now.';
    status.hidden = false;
  }
}

async function checkHealth() {
  const banner = $('status-banner');
  try {
    await fetchJSON('/health', { timeout: 10000 });
    banner.hidden = true;
  } catch (err) {
    const { title, detail } = describeError(err);
    banner.replaceChildren(h('strong', {}, `${title}. `), detail);
    banner.hidden = false;
  }
}

// ---------------------------------------------------------------- start

function restore() {
  history = load();
  for (const entry of history) {
    const { reply } = renderExchange(entry.question);
    reply.__entry = entry;
    if (entry.result) renderResult(reply, entry.result);
    else renderError(reply, entry.error || describeError(new ApiError('network', '')), entry.question);
  }
  updateChrome();
  if (history.length) conversation.lastElementChild.scrollIntoView({ block: 'start' });
}

restore();
checkHealth();
loadSuggestions();
