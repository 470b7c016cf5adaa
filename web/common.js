// Shared helpers for the chat and the reader.
// Everything that comes from the server or the user is put in the page as text
// (createElement / textContent / append of strings), never parsed as HTML.

/** Build an element: h('a', {class: 'x', href: '/y'}, 'text', child). Strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'style' || key === 'innerHTML' || key === 'outerHTML' || key === 'srcdoc') {
      throw new Error(`h(): refusing to set ${key}`);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An error from the API or the network, with a kind: network | timeout | http | bad_reply. */
export class ApiError extends Error {
  constructor(kind, message, status = 0, code = '') {
    super(message);
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

/** Fetch JSON; throws ApiError with the server's {"error": {code, message}} when there is one. */
export async function fetchJSON(url, options = {}) {
  const { timeout = 30000, ...init } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    response = await fetch(url, {
      ...init,
      signal: controller.signal,
      headers: { Accept: 'application/json', ...(init.headers || {}) },
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw new ApiError('timeout', 'The request timed out.');
    throw new ApiError('network', 'The server could not be reached.');
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = body && typeof body === 'object' ? body.error : null;
    let message = `HTTP ${response.status}`;
    if (typeof error === 'string' && error) message = error; // /health: {"status", "error": "..."}
    else if (error && typeof error.message === 'string') message = error.message;
    throw new ApiError('http', message, response.status, error && error.code ? String(error.code) : '');
  }
  if (body === null || typeof body !== 'object') {
    throw new ApiError('bad_reply', 'The server sent a reply that is not JSON.', response.status);
  }
  return body;
}

/** A sentence for people: what went wrong and what to do. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return { title: 'Something went wrong', detail: String(err && err.message || err) };
  switch (err.kind) {
    case 'network':
      return {
        title: 'The server is unreachable',
        detail: "Can't reach the peel-qa server. Check that it is running and that you are online, then try again.",
      };
    case 'timeout':
      return { title: 'The server took too long', detail: 'No answer came back in time. Try again in a moment.' };
    case 'bad_reply':
      return { title: 'Unexpected reply', detail: 'The server sent a reply this page cannot read.' };
    default:
      if (err.status === 503) {
        return {
          title: 'The server cannot answer yet',
          detail: `The server is running but has no usable index (error 503). ${err.message}`,
        };
      }
      if (err.status >= 400 && err.status < 500) {
        return { title: 'The question was not accepted', detail: `${err.message} (error ${err.status})` };
      }
      return { title: 'The server returned an error', detail: `${err.message} (error ${err.status})` };
  }
}

/** Link to a passage in the reader; the reader fetches /chunks/<id> and highlights it. */
export function chunkHref(documentId, chunkId, highlight) {
  const params = new URLSearchParams({ chunk: chunkId });
  if (Array.isArray(highlight) && highlight.length === 2 && highlight[1] > highlight[0]) {
    params.set('hl', `${highlight[0]}-${highlight[1]}`);
  }
  return `/report/${encodeURIComponent(documentId)}#${params.toString()}`;
}

/** Link to a page of the report, optionally to the first block on it that holds `find`. */
export function pageHref(documentId, page, find) {
  const params = new URLSearchParams();
  if (page !== null && page !== undefined) params.set('page', String(page));
  if (find) params.set('find', find);
  const hash = params.toString();
  return `/report/${encodeURIComponent(documentId)}${hash ? `#${hash}` : ''}`;
}

/** "page 11" or "pages 11–12". */
export function pagesLabel(page, pages) {
  const list = Array.isArray(pages) && pages.length ? pages : page ? [page] : [];
  if (!list.length) return '';
  if (list.length === 1) return `page ${list[0]}`;
  return `pages ${list[0]}–${list[list.length - 1]}`;
}

/**
 * Find `needle` in `hay` ignoring white space (and case when `fold`), so text
 * re-joined by the chunker still matches the parsed blocks.
 * Returns [start, end) offsets into `hay`, or null.
 */
export function looseFind(hay, needle, fold = true) {
  if (!hay || !needle) return null;
  const map = [];
  let compactHay = '';
  for (let i = 0; i < hay.length; i += 1) {
    const ch = hay[i];
    if (/\s/.test(ch)) continue;
    const folded = fold ? ch.toLowerCase() : ch;
    for (let k = 0; k < folded.length; k += 1) map.push(i);
    compactHay += folded;
  }
  let compactNeedle = needle.replace(/\s+/g, '');
  if (fold) compactNeedle = compactNeedle.toLowerCase();
  if (!compactNeedle) return null;
  const at = compactHay.indexOf(compactNeedle);
  if (at < 0) return null;
  return [map[at], map[at + compactNeedle.length - 1] + 1];
}

/** Numbers as the report prints them: 8.1, 240, -3.4. */
export function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** A value with its unit when the unit is a percent sign. */
export function formatValue(value, unit) {
  const text = formatNumber(value);
  return typeof value === 'number' && unit && unit.trim() === '%' ? `${text}%` : text;
}

/** CSS class suffix for a grade: "Requires improvement" -> "requires-improvement". */
export function gradeClass(grade) {
  return String(grade).toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '') || 'ungraded';
}

/** Wrap [start, end) of the first text node(s) of `el` in a <mark>, keeping everything as text. */
/** Whether a table cell holds a number (aligned right). */
export function isNumberCell(text) {
  return /^[-+−]?[£$]?\d[\d,.]*%?$/.test(String(text).trim());
}

export function markRange(el, start, end, className = 'hl') {
  if (!(end > start)) return null;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let offset = 0;
  let first = null;
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  for (const node of nodes) {
    const len = node.data.length;
    const a = Math.max(start - offset, 0);
    const b = Math.min(end - offset, len);
    if (a < b) {
      const target = node.splitText(a);
      target.splitText(b - a);
      const mark = document.createElement('mark');
      mark.className = className;
      target.replaceWith(mark);
      mark.append(target);
      if (!first) first = mark;
    }
    offset += len;
    if (offset >= end) break;
  }
  return first;
}
