// Evaluates compiled config rules on many configs in ONE node process.
//
//   node runner.mjs <workspace> <input.json> <output.json>
//
// input:  {utils: TS source of utils.ts, rules: TS source of a module exporting the
//          compiled arrows, worlds: [[config, table], ...], cases: [[export, world], ...]}
// output: one entry per case, {ok: <JSON result>} or {error: <message>} when it threw.
//
// Both modules are transpiled (not type-checked: the tsc test does that) with the
// workspace's TypeScript and linked by hand, so one process serves every case.
import fs from 'fs'
import { createRequire } from 'module'

const [workspace, input, output] = process.argv.slice(2)
const require = createRequire(workspace + '/package.json')
const ts = require('typescript')
const { utils, rules, worlds, cases } = JSON.parse(fs.readFileSync(input, 'utf8'))

function load(source, modules) {
  const js = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
    },
  }).outputText
  const module = { exports: {} }
  const link = (name) => {
    if (!(name in modules)) throw new Error(`runner: unexpected import ${name}`)
    return modules[name]
  }
  new Function('exports', 'require', 'module', js)(module.exports, link, module)
  return module.exports
}

// The SDK import of utils.ts is only used by other sections (and elided when unused).
const utilsModule = load(utils, { '@start9labs/start-sdk': {} })
const compiled = load(rules, { './utils': utilsModule })

const results = cases.map(([name, world]) => {
  try {
    const [config, table] = worlds[world]
    const value = compiled[name](config, table)
    return { ok: value === undefined ? null : value }
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) }
  }
})
fs.writeFileSync(output, JSON.stringify(results))
