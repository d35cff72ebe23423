// Forms generated from JSON Schema (what /schema and MCP tool input schemas carry): enums as choices, numbers
// with their bounds, booleans, nested objects, one-of variants, optional fields; arrays and free-form objects
// as JSON text. Every input carries data-path (the dotted path of its value) and a label.

import { el } from './view.js';

let counter = 0;
const nextId = (prefix) => `${prefix}-${++counter}`;

/** Field names whose strings are usually several lines long. */
const MULTILINE = /(^|_)(code|content|text|body|script|program|source)$/;

export function resolve(schema, root) {
  let seen = 0;
  while (schema && schema.$ref && seen++ < 32) {
    const parts = schema.$ref.replace(/^#\//, '').split('/');
    let target = root;
    for (const part of parts) {
      target = target?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
    }
    const { $ref, ...rest } = schema;
    schema = { ...(target ?? {}), ...rest };
  }
  return schema ?? {};
}

/** A schema minus a `null` alternative ({anyOf: [X, {type: null}]} is X, optional). */
function nonNull(schema, root) {
  schema = resolve(schema, root);
  for (const key of ['anyOf', 'oneOf']) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const rest = options.filter((option) => resolve(option, root).type !== 'null');
      if (rest.length === 1 && rest.length < options.length) {
        const { [key]: ignored, ...outer } = schema;
        return { nullable: true, schema: { ...resolve(rest[0], root), ...outer } };
      }
    }
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = schema.type.filter((type) => type !== 'null');
    return { nullable: true, schema: { ...schema, type: types.length === 1 ? types[0] : types } };
  }
  return { nullable: false, schema };
}

/**
 * A form for one object schema.
 *
 * @returns {{element: HTMLElement, read: () => any, fill: (value: any) => void, clear: () => void}}
 */
export function objectForm(schema, root, options = {}) {
  const field = buildField(schema, [], true, root ?? schema, { ...options, top: true });
  return field;
}

function buildField(rawSchema, path, required, root, options) {
  const { nullable, schema } = nonNull(rawSchema, root);
  const optional = !required || nullable;
  const name = path.length ? path[path.length - 1] : '';
  const title = schema.title || name;
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    return variantField(schema, path, optional, root, options, title);
  }
  if ('const' in schema) {
    return constField(schema, path, title);
  }
  if (Array.isArray(schema.enum)) {
    return enumField(schema, path, optional, title);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' && schema.properties) {
    return objectField(schema, path, optional, root, options, title);
  }
  if (type === 'integer' || type === 'number') {
    return numberField(schema, path, optional, title, type);
  }
  if (type === 'boolean') {
    return booleanField(schema, path, optional, title);
  }
  if (type === 'string') {
    return stringField(schema, path, optional, title, name);
  }
  return jsonField(schema, path, optional, title);
}

function labelled(path, title, optional, schema, input) {
  const id = nextId('field');
  input.id = id;
  input.dataset.path = path.join('.');
  const label = el('label', { for: id }, title || path.join('.') || 'value');
  if (optional) {
    label.append(el('span', { class: 'optional' }, ' (optional)'));
  }
  const wrapper = el('div', { class: 'field' }, label, input);
  const hints = [];
  if (schema.description) {
    hints.push(schema.description);
  }
  const bounds = boundsText(schema);
  if (bounds) {
    hints.push(bounds);
  }
  if (hints.length) {
    const hintId = `${id}-hint`;
    input.setAttribute('aria-describedby', hintId);
    wrapper.append(el('small', { id: hintId, class: 'hint' }, hints.join(' · ')));
  }
  if (!optional) {
    input.required = input.type !== 'checkbox';
  }
  return wrapper;
}

function boundsText(schema) {
  const parts = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined) parts.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  return parts.join(', ');
}

function defaultOf(schema) {
  return schema.default === undefined ? undefined : schema.default;
}

function stringField(schema, path, optional, title, name) {
  const multiline = MULTILINE.test(name) || schema.format === 'textarea';
  const input = multiline ? el('textarea', { rows: 4, spellcheck: 'false' }) : el('input', { type: 'text', autocomplete: 'off' });
  if (schema.minLength !== undefined) input.minLength = schema.minLength;
  if (schema.maxLength !== undefined) input.maxLength = schema.maxLength;
  if (schema.pattern) input.pattern = schema.pattern;
  const element = labelled(path, title, optional, schema, input);
  const initial = defaultOf(schema);
  const field = {
    element,
    read: () => (input.value === '' && optional ? undefined : input.value),
    fill: (value) => { input.value = value === undefined || value === null ? '' : String(value); },
    clear: () => field.fill(initial),
  };
  field.clear();
  return field;
}

function numberField(schema, path, optional, title, type) {
  const input = el('input', { type: 'number', step: type === 'integer' ? '1' : 'any', inputmode: type === 'integer' ? 'numeric' : 'decimal' });
  if (schema.minimum !== undefined) input.min = schema.minimum;
  if (schema.maximum !== undefined) input.max = schema.maximum;
  if (schema.exclusiveMinimum !== undefined && schema.minimum === undefined && type === 'integer') input.min = schema.exclusiveMinimum + 1;
  if (schema.exclusiveMaximum !== undefined && schema.maximum === undefined && type === 'integer') input.max = schema.exclusiveMaximum - 1;
  const element = labelled(path, title, optional, schema, input);
  const initial = defaultOf(schema);
  const field = {
    element,
    read: () => {
      if (input.value === '') {
        return optional ? undefined : null;
      }
      const number = Number(input.value);
      return Number.isNaN(number) ? input.value : number;
    },
    fill: (value) => { input.value = value === undefined || value === null ? '' : String(value); },
    clear: () => field.fill(initial),
  };
  field.clear();
  return field;
}

function booleanField(schema, path, optional, title) {
  const initial = defaultOf(schema);
  if (!optional) {
    const input = el('input', { type: 'checkbox' });
    const element = labelled(path, title, false, schema, input);
    element.classList.add('check');
    const field = {
      element,
      read: () => input.checked,
      fill: (value) => { input.checked = value === true; },
      clear: () => field.fill(initial),
    };
    field.clear();
    return field;
  }
  const input = el('select', {}, el('option', { value: '' }, '— not set —'), el('option', { value: 'true' }, 'true'),
      el('option', { value: 'false' }, 'false'));
  const element = labelled(path, title, true, schema, input);
  const field = {
    element,
    read: () => (input.value === '' ? undefined : input.value === 'true'),
    fill: (value) => { input.value = value === true ? 'true' : value === false ? 'false' : ''; },
    clear: () => field.fill(initial),
  };
  field.clear();
  return field;
}

function enumField(schema, path, optional, title) {
  const input = el('select', {});
  if (optional) {
    input.append(el('option', { value: '' }, '— not set —'));
  }
  schema.enum.forEach((value, index) => input.append(el('option', { value: String(index) }, JSON.stringify(value).replace(/^"|"$/g, ''))));
  input.dataset.kind = 'enum';
  const element = labelled(path, title, optional, schema, input);
  const initial = defaultOf(schema);
  const field = {
    element,
    read: () => (input.value === '' ? undefined : schema.enum[Number(input.value)]),
    fill: (value) => {
      const index = schema.enum.findIndex((option) => JSON.stringify(option) === JSON.stringify(value));
      input.value = index >= 0 ? String(index) : (optional ? '' : '0');
    },
    clear: () => field.fill(initial),
  };
  field.clear();
  return field;
}

function constField(schema, path, title) {
  const output = el('output', {}, JSON.stringify(schema.const));
  output.dataset.path = path.join('.');
  const element = el('div', { class: 'field const' }, el('span', { class: 'label' }, title || path.join('.')), output);
  return { element, read: () => schema.const, fill: () => {}, clear: () => {} };
}

function jsonField(schema, path, optional, title) {
  const input = el('textarea', { rows: 3, spellcheck: 'false', class: 'json', placeholder: schema.type === 'array' ? '[ … ] (JSON)' : '{ … } (JSON)' });
  input.dataset.kind = 'json';
  const element = labelled(path, `${title} (JSON)`, optional, schema, input);
  const initial = defaultOf(schema);
  const field = {
    element,
    read: () => {
      if (input.value.trim() === '') {
        return undefined;
      }
      try {
        input.setCustomValidity('');
        return JSON.parse(input.value);
      } catch (error) {
        input.setCustomValidity(`not JSON: ${error.message}`);
        throw new FormError(`${path.join('.')}: not JSON (${error.message})`, input);
      }
    },
    fill: (value) => { input.value = value === undefined || value === null ? '' : JSON.stringify(value); },
    clear: () => field.fill(initial),
  };
  field.clear();
  return field;
}

function objectField(schema, path, optional, root, options, title) {
  const required = new Set(schema.required ?? []);
  const children = [];
  const container = options.top ? el('div', { class: 'object' }) : el('fieldset', { class: 'object' }, el('legend', {}, title + (optional ? ' (optional)' : '')));
  if (!options.top && schema.description) {
    container.append(el('small', { class: 'hint' }, schema.description));
  }
  for (const [key, property] of Object.entries(schema.properties)) {
    if (options.top && options.skip?.includes(key)) {
      continue;
    }
    const child = buildField(property, [...path, key], required.has(key), root, { ...options, top: false });
    children.push({ key, field: child });
    container.append(child.element);
  }
  if (options.top && children.length === 0) {
    container.append(el('p', { class: 'hint' }, 'This action has no fields.'));
  }
  return {
    element: container,
    read: () => {
      const value = {};
      for (const { key, field } of children) {
        const child = field.read();
        if (child !== undefined) {
          value[key] = child;
        }
      }
      return optional && !options.top && Object.keys(value).length === 0 ? undefined : value;
    },
    fill: (value) => children.forEach(({ key, field }) => field.fill(value?.[key])),
    clear: () => children.forEach(({ field }) => field.clear()),
  };
}

function variantField(schema, path, optional, root, options, title) {
  const variants = (schema.oneOf ?? schema.anyOf).map((option) => resolve(option, root));
  const select = el('select', {});
  if (optional) {
    select.append(el('option', { value: '' }, '— not set —'));
  }
  variants.forEach((variant, index) => select.append(el('option', { value: String(index) }, variantName(variant, index))));
  select.dataset.kind = 'variant';
  const chooser = labelled([...path, '$variant'], `${title || 'Kind'}`, optional, {}, select);
  const body = el('div', { class: 'variant' });
  const container = options.top ? el('div', { class: 'object' }, chooser, body)
      : el('fieldset', { class: 'object' }, el('legend', {}, title), chooser, body);
  const fields = variants.map((variant) => buildField(variant, path, true, root, { ...options, top: true }));
  const show = () => {
    body.replaceChildren();
    if (select.value !== '') {
      body.append(fields[Number(select.value)].element);
    }
  };
  select.addEventListener('change', show);
  show();
  const variantOf = (value) => variants.findIndex((variant) => Object.entries(variant.properties ?? {})
      .every(([key, property]) => !('const' in resolve(property, root)) || value?.[key] === resolve(property, root).const));
  return {
    element: container,
    read: () => (select.value === '' ? undefined : fields[Number(select.value)].read()),
    fill: (value) => {
      const index = value === undefined || value === null ? -1 : variantOf(value);
      select.value = index >= 0 ? String(index) : (optional ? '' : '0');
      show();
      if (index >= 0) fields[index].fill(value);
    },
    clear: () => {
      select.value = optional ? '' : '0';
      fields.forEach((field) => field.clear());
      show();
    },
  };
}

function variantName(variant, index) {
  for (const property of Object.values(variant.properties ?? {})) {
    if (property && 'const' in property) {
      return String(property.const);
    }
  }
  return variant.title ?? `option ${index + 1}`;
}

export class FormError extends Error {
  constructor(message, input) {
    super(message);
    this.input = input;
  }
}
