// Plays the config life cycle of built StartOS 0.4 projects in node, with a small fake
// `effects` (no StartOS): a fresh save, a second save from the prefill, an upgrade from an
// old legacy version, and what the file holds after each.
//
//   node config_run.cjs IN.json OUT.json
//
// IN.json: [{ built, sandbox, hosts: { <hostId>: { ports: [n], onion: bool } }, from,
//            legacy, stale: [keys], legacyValues: {key: value} (the file before the upgrade) }]
// Volumes live under `sandbox` (Volume.subpath is pointed there before the project loads).
// OUT.json: per project { fresh, saved, prefillValid, upgraded, dataVersion, canMigrateFrom,
// fromOld, fromLegacy } or { error }.
'use strict'
const fs = require('fs')
const path = require('path')
const YAML = require('yaml')
const { Volume } = require('@start9labs/start-sdk/lib/util/Volume')
const sdkLib = require('@start9labs/start-sdk')
const { ExtendedVersion } = require(
  '@start9labs/start-sdk/node_modules/@start9labs/start-core/exver',
)

let sandbox = null
Volume.prototype.subpath = function (sub) {
  return path.join(sandbox, this.id, sub)
}

function hostOf(spec, hostId) {
  const bindings = {}
  for (const port of spec.ports) {
    const available = [
      { ssl: false, public: false, hostname: `${hostId}-host.local`, port: 443,
        metadata: { kind: 'mdns', gateways: ['lan'] } },
      { ssl: false, public: false, hostname: '10.0.0.2', port,
        metadata: { kind: 'ipv4', gateway: 'lan' } },
    ]
    if (spec.onion)
      available.push({ ssl: false, public: true, hostname: `${hostId}onion.onion`,
        port: 80, metadata: { kind: 'plugin', packageId: 'tor', removeAction: null,
          overflowActions: [], info: null } })
    bindings[port] = { enabled: true, options: {}, net: {}, interfaces: {},
      addresses: { enabled: [], disabled: [], guaWan: [], available } }
  }
  return { bindings, bindingRanges: {}, publicDomains: {}, privateDomains: {},
    portForwards: [] }
}

function fakeEffects(hosts, state) {
  const effects = {
    eventId: 'config-run',
    isInContext: true,
    onLeaveContext: () => {},
    child: () => effects,
    getHostInfo: async ({ hostId }) => (hosts[hostId] ? hostOf(hosts[hostId], hostId) : null),
    getDataVersion: async () => state.dataVersion,
    setDataVersion: async ({ version }) => { state.dataVersion = version },
    action: { export: async () => null, createOwnTask: async () => null },
  }
  return effects
}

// The form value a user gets by accepting every default (required fields without a
// default get a plain value, as a user must type one).
function defaults(spec) {
  const out = {}
  for (const [key, v] of Object.entries(spec)) out[key] = defaultOf(v)
  return out
}

function defaultOf(v) {
  switch (v.type) {
    case 'text':
    case 'textarea':
      if (v.default && typeof v.default === 'object')
        return sdkLib.utils.getDefaultString(v.default)
      return v.default ?? (v.required ? 'x' : null)
    case 'number':
      return v.default ?? (v.required ? (v.min ?? 0) : null)
    case 'object':
      return defaults(v.spec)
    case 'union':
      return { selection: v.default, value: defaults(v.variants[v.default].spec) }
    default:
      return v.default
  }
}

async function play(item) {
  sandbox = item.sandbox
  const dir = path.resolve(item.built)
  const index = require(path.join(dir, 'startos', 'index.js'))
  const fileModel = require(path.join(dir, 'startos', 'fileModels', 'config.yaml.js'))
  const { versionGraph } = require(path.join(dir, 'startos', 'versions', 'index.js'))
  const file = path.join(sandbox, 'main', 'start9', 'config.yaml')
  const read = () => YAML.parse(fs.readFileSync(file, 'utf-8'))
  const state = { dataVersion: null }
  const effects = fakeEffects(item.hosts, state)
  const config = index.actions.actions.config
  const out = {}

  // 1. Fresh install: no file; the user saves the form as offered (spec defaults). A list
  // the form cannot default (List.obj takes only []) gets the file model's legacy default.
  const first = await config.getInput({ effects, prefill: null })
  const input = defaults(first.spec)
  const legacyDefaults = fileModel.configShape.parse({})
  const formDefaults = require(path.join(dir, 'startos', 'utils.js')).toForm(
    fileModel.shape, legacyDefaults)
  for (const [key, v] of Object.entries(first.spec))
    if (v.type === 'list' && (v.minLength ?? 0) > input[key].length)
      input[key] = formDefaults[key]
  await config.run({ effects, input })
  out.fresh = read()
  out.formDefaults = formDefaults

  // 2. The prefill of the saved file is a valid form value, and saving it again works.
  const second = await config.getInput({ effects, prefill: null })
  out.prefillValid = true
  try {
    config.prevInputSpec[effects.eventId].validator.parse(second.value)
  } catch (e) {
    out.prefillValid = String(e)
  }
  await config.run({ effects, input: second.value })
  out.saved = read()

  // 3. Upgrade from an old legacy version: stale pointer values are recomputed.
  const stale = read()
  for (const key of item.stale || []) stale[key] = 'stale.example'
  Object.assign(stale, item.legacyValues || {})
  fs.writeFileSync(file, YAML.stringify(stale))
  state.dataVersion = item.from
  await versionGraph.init(effects, 'update')
  out.upgraded = read()
  out.dataVersion = state.dataVersion
  const range = versionGraph.canMigrateFrom()
  out.canMigrateFrom = String(range)
  out.manifestCanMigrateFrom = index.manifest.canMigrateFrom
  out.fromOld = ExtendedVersion.parse('0.0.1:0').satisfies(range)
  out.fromLegacy = ExtendedVersion.parse(item.legacy).satisfies(range)
  return out
}

async function main([input, output]) {
  const items = JSON.parse(fs.readFileSync(input, 'utf-8'))
  const result = {}
  for (const item of items) {
    try {
      result[item.built] = await play(item)
    } catch (e) {
      result[item.built] = { error: String((e && e.stack) || e) }
    }
  }
  fs.writeFileSync(output, JSON.stringify(result, null, 2))
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e)
  process.exit(1)
})
