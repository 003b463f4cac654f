// Builds InputSpecs with the real start-sdk and prints their runtime JSON, one process for all.
// usage: node build_specs.cjs <node_modules dir> <cases.cjs>
// <cases.cjs> exports `(ISB) => [[id, () => InputSpec], ...]`; prints {id: spec | {"__error__": msg}}
// plus "__regex_errors__": [[id, regex, message], ...] for patterns that JavaScript rejects.
'use strict'
const path = require('path')

async function main() {
  const [modules, casesFile] = process.argv.slice(2)
  const sdk = require(path.join(path.resolve(modules), '@start9labs/start-sdk'))
  const out = {}
  let cases
  try {
    cases = require(path.resolve(casesFile))(sdk.ISB)
  } catch (err) {
    process.stdout.write(JSON.stringify({ __load_error__: String(err && err.stack) }))
    return
  }
  for (const [id, make] of cases) {
    try {
      out[id] = (await make().build({ effects: null, prefill: null })).spec
    } catch (err) {
      out[id] = { __error__: String(err && err.stack) }
    }
  }
  const regexErrors = []
  for (const [id, spec] of Object.entries(out)) {
    for (const regex of patternsIn(spec)) {
      try {
        new RegExp(regex)
      } catch (err) {
        regexErrors.push([id, regex, String(err && err.message)])
      }
    }
  }
  out.__regex_errors__ = regexErrors
  process.stdout.write(JSON.stringify(out))
}

// Every `patterns[].regex` anywhere in a built spec.
function* patternsIn(node) {
  if (Array.isArray(node)) {
    for (const item of node) yield* patternsIn(item)
  } else if (node && typeof node === 'object') {
    if (Array.isArray(node.patterns)) {
      for (const p of node.patterns) if (p && typeof p.regex === 'string') yield p.regex
    }
    for (const value of Object.values(node)) yield* patternsIn(value)
  }
}

main().catch(err => {
  process.stderr.write(String(err && err.stack))
  process.exit(1)
})
