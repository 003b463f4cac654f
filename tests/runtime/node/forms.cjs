// Fills an action's form as a person would in the StartOS UI: the built InputSpec (what
// `getInput` returns) gives the defaults, the prefill (`getInput`'s value) is laid over
// them, and every required field still empty gets a generated valid value (patterns,
// min/max, select values respected). Pattern samples come from the Python side
// (`samples`: JSON of the regex list -> a string matching all of them); otherwise a few
// plain candidates are tried.
'use strict'

const CANDIDATES = ['harness', 'harness1', 'abc', 'a', '1', '8080', 'abc123', 'user', 'localhost', '127.0.0.1', 'localhost:8080', 'example.com', 'http://example.com', 'https://example.com', 'user@example.com', 'a1b2c3d4', '0']

function charsetChars(charset) {
  let out = ''
  for (const part of String(charset || 'a-z,A-Z,0-9').split(',')) {
    const m = /^(.)-(.)$/.exec(part)
    if (m) for (let c = m[1].charCodeAt(0); c <= m[2].charCodeAt(0); c++) out += String.fromCharCode(c)
    else out += part
  }
  return out || 'abc'
}

function randomString(def) {
  const chars = charsetChars(def.charset)
  let s = ''
  for (let i = 0; i < (def.len || 16); i++) s += chars[(i * 7 + 3) % chars.length]
  return s
}

const asDefault = (d) => (d && typeof d === 'object' && 'charset' in d ? randomString(d) : d)

function patternSample(spec, samples, notes, where) {
  const patterns = (spec.patterns || []).map((p) => p.regex)
  const min = spec.minLength || 0
  const max = spec.maxLength || Infinity
  const fits = (s) => s.length >= min && s.length <= max && patterns.every((r) => safeTest(r, s))
  const key = JSON.stringify(patterns)
  const found = [samples[key], ...CANDIDATES, 'x'.repeat(Math.max(min, 1))].find((s) => typeof s === 'string' && fits(s))
  if (found !== undefined) return found
  notes.push(`no generated value for ${where} matches ${key}`)
  return samples[key] || 'harness'
}

function safeTest(regex, s) {
  try {
    return new RegExp(regex).test(s)
  } catch (_) {
    return true // a pattern JS cannot compile does not constrain the form either
  }
}

function numberFor(spec) {
  let v = spec.min != null ? spec.min : spec.max != null ? Math.min(spec.max, 1) : 1
  if (spec.integer) v = Math.ceil(v)
  if (spec.max != null && v > spec.max) v = spec.max
  return v
}

const DATES = { date: '2024-01-01', time: '12:00', 'datetime-local': '2024-01-01T12:00' }

function fillValue(spec, prefilled, has, samples, notes, where) {
  const take = has && prefilled !== undefined
  switch (spec.type) {
    case 'text':
    case 'textarea': {
      let v = take ? prefilled : asDefault(spec.default)
      if ((v === null || v === undefined || v === '') && spec.required) v = patternSample(spec, samples, notes, where)
      return v ?? null
    }
    case 'number': {
      let v = take ? prefilled : spec.default
      if ((v === null || v === undefined) && spec.required) v = numberFor(spec)
      return v ?? null
    }
    case 'toggle':
      return take && typeof prefilled === 'boolean' ? prefilled : (spec.default ?? false)
    case 'triState':
      return take ? prefilled : (spec.default ?? null)
    case 'select': {
      const keys = Object.keys(spec.values || {})
      if (take && keys.includes(prefilled)) return prefilled
      return spec.default ?? keys[0] ?? null
    }
    case 'multiselect': {
      const keys = Object.keys(spec.values || {})
      const v = (take && Array.isArray(prefilled) ? prefilled : spec.default || []).filter((k) => keys.includes(k))
      for (const k of keys) if (v.length < (spec.minLength || 0) && !v.includes(k)) v.push(k)
      return v
    }
    case 'color':
      return take ? prefilled : (spec.default ?? (spec.required ? '#ffffff' : null))
    case 'datetime':
      return take ? prefilled : (spec.default ?? (spec.required ? DATES[spec.inputmode] || DATES.date : null))
    case 'file':
      if (spec.required) notes.push(`${where} is a required file: the harness cannot upload one`)
      return take ? prefilled : null
    case 'hidden':
      return take ? prefilled : null
    case 'object':
      return fillSpec(spec.spec, take ? prefilled : {}, samples, notes, where + '.')
    case 'union': {
      const ids = Object.keys(spec.variants || {})
      const p = take && prefilled && typeof prefilled === 'object' ? prefilled : null
      const selection = p && ids.includes(p.selection) ? p.selection : (spec.default ?? ids[0])
      const value = fillSpec(spec.variants[selection].spec, p && p.selection === selection ? p.value : {}, samples, notes, `${where}/${selection}.`)
      return { selection, value }
    }
    case 'list':
      return fillList(spec, take && Array.isArray(prefilled) ? prefilled : null, samples, notes, where)
    default:
      notes.push(`${where}: unknown field type ${spec.type}`)
      return take ? prefilled : null
  }
}

function fillList(spec, prefilled, samples, notes, where) {
  const item = spec.spec
  const start = prefilled ?? (spec.default || []).map(asDefault)
  const items = item.type === 'object' ? start.map((x) => fillSpec(item.spec, x, samples, notes, `${where}[].`)) : start.slice()
  let n = 0
  while (items.length < (spec.minLength || 0) && n++ < 20) {
    if (item.type === 'object') items.push(fillSpec(item.spec, {}, samples, notes, `${where}[].`))
    else items.push(patternSample(item, samples, notes, `${where}[]`) + (items.length ? String(items.length) : ''))
  }
  return items
}

function fillSpec(spec, prefill, samples = {}, notes = [], where = '') {
  const p = prefill && typeof prefill === 'object' && !Array.isArray(prefill) ? prefill : {}
  const out = {}
  // Own properties only, defined rather than assigned: a key may be `toString` or `__proto__`.
  for (const [key, field] of Object.entries(spec || {})) {
    const has = Object.hasOwn(p, key)
    const value = fillValue(field, has ? p[key] : undefined, has, samples, notes, where + key)
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true })
  }
  return out
}

module.exports = { fillSpec, randomString }
