// Runs built StartOS 0.4 projects without StartOS and prints what they declare.
//
//   node dump.cjs [--out FILE] [--text] BUILT_DIR...
//
// Each BUILT_DIR holds a project compiled to CommonJS (BUILT_DIR/startos/index.js). The
// result is one JSON object keyed by BUILT_DIR, each value
//   { manifest, actions: { <id>: { metadata, spec, prefill } } }
// or { error } when that project failed to load or run (the others still run).
// With --text each value is instead the string JSON.stringify(project, null, 2), so a
// project's dump can be compared byte for byte (the Python dump prints exactly that).
// `effects` is a no-op Proxy (sdk-2.0.9.md section 4): every property is another no-op,
// calls resolve to null, and it is not a thenable.
'use strict'
const fs = require('fs')
const path = require('path')

const noop = () =>
  new Proxy(async () => null, {
    get: (_t, k) =>
      k === 'then'
        ? undefined
        : k === 'eventId'
          ? 'dump'
          : k === Symbol.toPrimitive
            ? () => 'effects'
            : k === 'child'
              ? () => noop()
              : noop(),
    apply: async () => null,
  })

async function dumpProject(dir) {
  const index = require(path.join(path.resolve(dir), 'startos', 'index.js'))
  const effects = noop()
  const out = { manifest: index.manifest, actions: {} }
  for (const [id, action] of Object.entries(index.actions.actions)) {
    const metadata = await action.exportMetadata({ effects })
    const input = metadata.hasInput
      ? await action.getInput({ effects, prefill: null })
      : null
    out.actions[id] = {
      metadata,
      spec: input && input.spec,
      prefill: input && input.value,
    }
  }
  return out
}

async function main(argv) {
  let outFile = null
  let asText = false
  const dirs = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') outFile = argv[++i]
    else if (argv[i] === '--text') asText = true
    else dirs.push(argv[i])
  }
  const result = {}
  for (const dir of dirs) {
    try {
      const project = await dumpProject(dir)
      result[dir] = asText ? JSON.stringify(project, null, 2) : project
    } catch (e) {
      result[dir] = { error: String((e && e.stack) || e) }
    }
  }
  const text = JSON.stringify(result, null, 2)
  if (outFile) fs.writeFileSync(outFile, text)
  else process.stdout.write(text + '\n')
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e)
  process.exit(1)
})
