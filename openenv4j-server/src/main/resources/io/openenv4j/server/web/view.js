// Showing values as people read them: text and boards in monospace, JSON as a tree, pictures (data URLs or
// base64 image fields) as images, and two small SVG charts.

/** Creates an element with attributes and children (strings become text, never HTML). */
export function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

const IMAGE_KEY = /(screenshot|image|img|picture|photo|frame|png|jpe?g)/i;
const BOARD_KEY = /(board|grid|text|view|render|ascii|map|screen|output|stdout|stderr|log)/i;

/** The image MIME type of a base64 string, from its first bytes, or null when it is none. */
export function imageType(text) {
  if (typeof text !== 'string' || text.length < 32) return null;
  if (text.startsWith('data:image/')) return 'data';
  if (text.startsWith('iVBORw0KGgo')) return 'image/png';
  if (text.startsWith('/9j/')) return 'image/jpeg';
  if (text.startsWith('R0lGOD')) return 'image/gif';
  if (text.startsWith('UklGR')) return 'image/webp';
  return null;
}

function imageElement(text, key) {
  const type = imageType(text);
  const src = type === 'data' ? text : `data:${type};base64,${text}`;
  return el('img', { src, alt: key ? `${key} (image)` : 'image', class: 'picture' });
}

function isMatrix(value) {
  return Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.every((cell) => typeof cell === 'number' || typeof cell === 'string'));
}

/** A value as a person reads it; `key` is the field name it came from (it hints at boards and images). */
export function renderValue(value, key = '') {
  if (typeof value === 'string') {
    if (imageType(value) && (IMAGE_KEY.test(key) || value.length > 200)) {
      return imageElement(value, key);
    }
    if (value.includes('\n') || BOARD_KEY.test(key)) {
      return el('pre', { class: 'mono' }, value);
    }
    return el('span', { class: 'string' }, value);
  }
  if (value === null || typeof value !== 'object') {
    return el('span', { class: `scalar ${value === null ? 'null' : typeof value}` }, JSON.stringify(value));
  }
  if (isMatrix(value) && value.length <= 64) {
    const width = Math.max(...value.flat().map((cell) => String(cell).length));
    return el('pre', { class: 'mono matrix' }, value.map((row) => row.map((cell) => String(cell).padStart(width)).join(' ')).join('\n'));
  }
  return jsonTree(value, key, 0);
}

/** A collapsible tree of a JSON value (details/summary, so it works with the keyboard). */
export function jsonTree(value, key, depth) {
  if (value === null || typeof value !== 'object') {
    return renderValue(value, key);
  }
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  const list = el('ul', { class: 'tree' });
  for (const [childKey, child] of entries) {
    list.append(el('li', {}, el('span', { class: 'key' }, `${childKey}: `), jsonTree(child, childKey, depth + 1)));
  }
  return el('details', { class: 'json', open: depth < 2 || entries.length <= 8 }, el('summary', {}, summary), list);
}

/** An observation (an object) as a list of its fields, each shown by renderValue. */
export function renderObservation(observation) {
  if (observation === null || typeof observation !== 'object' || Array.isArray(observation)) {
    return renderValue(observation);
  }
  const list = el('dl', { class: 'fields' });
  for (const [key, value] of Object.entries(observation)) {
    list.append(el('dt', {}, key), el('dd', { 'data-field': key }, renderValue(value, key)));
  }
  return list;
}

/** A small line chart (inline SVG) of one or more series over steps. */
export function lineChart(series, { label, width = 320, height = 90 } = {}) {
  const points = series.flatMap((line) => line.values);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  if (points.length === 0) {
    return chart;
  }
  const lo = Math.min(0, ...points);
  const hi = Math.max(0, ...points);
  const span = hi - lo || 1;
  const count = Math.max(2, ...series.map((line) => line.values.length));
  const x = (index) => 4 + (index * (width - 8)) / (count - 1);
  const y = (value) => height - 4 - ((value - lo) * (height - 8)) / span;
  chart.append(svg('line', { x1: 0, x2: width, y1: y(0), y2: y(0), class: 'axis' }));
  for (const line of series) {
    if (line.values.length === 0) continue;
    const path = line.values.map((value, index) => `${index ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
    chart.append(svg('path', { d: path, class: line.className }));
  }
  const title = svg('title', {});
  title.textContent = `${label}: from ${lo} to ${hi}`;
  chart.prepend(title);
  return chart;
}
