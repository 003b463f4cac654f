// The scenarios: StartOS's calls into a package, through its exported ABI only
// (`manifest`, `init`, `uninit`, `main`, `actions`, `createBackup` of startos/index.js).
// Each runs on a freshly loaded copy of the project with a fresh sandbox and recorder; it
// returns raw records, and the Python side (tests/runtime/judge.py) decides pass/fail.
'use strict'
const fs = require('fs')
const path = require('path')
const { als } = require('./intercept.cjs')
const { newRecorder, makeEffects, leaveContext } = require('./effects.cjs')
const { fillSpec } = require('./forms.cjs')
const sdk = require('@start9labs/start-sdk')

const ABI = ['manifest', 'init', 'uninit', 'main', 'actions', 'createBackup']
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function describeError(e, built) {
  const err = e && typeof e === 'object' ? e : { message: String(e) }
  const stack = String(err.stack || '')
  const frames = []
  for (const m of stack.matchAll(/\(?(\/[^():\s]+\.js):(\d+):\d+\)?/g)) {
    if (m[1].startsWith(built + '/')) frames.push({ file: m[1], line: Number(m[2]) })
  }
  return {
    name: err.name || (err.constructor && err.constructor.name) || 'Error',
    message: String(err.message ?? err).slice(0, 2000),
    zod: err.name === 'ZodError' || Array.isArray(err.issues),
    frames,
    stack: stack.split('\n').slice(0, 14).join('\n'),
  }
}

function load(built) {
  const prefix = built + path.sep
  for (const key of Object.keys(require.cache)) if (key.startsWith(prefix)) delete require.cache[key]
  return require(path.join(built, 'startos', 'index.js'))
}

function volumeFile(state, volume, subpath) {
  return path.join(state.root, 'media', 'volumes', volume, subpath)
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (_) {
    return null
  }
}

function seedLegacyConfig(state, expect) {
  if (!expect.configFile || expect.legacyConfig == null) return
  const file = volumeFile(state, expect.configFile.volume, expect.configFile.path)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, sdk.YAML.stringify(expect.legacyConfig))
}

function configText(state, expect) {
  return expect.configFile ? readText(volumeFile(state, expect.configFile.volume, expect.configFile.path)) : null
}

function manifestSummary(m) {
  const sat = (v) => {
    try {
      return sdk.VersionRange.parse(m.canMigrateFrom).satisfiedBy(sdk.ExtendedVersion.parse(v))
    } catch (e) {
      return `error: ${e.message}`
    }
  }
  return { id: m.id, version: m.version, canMigrateFrom: m.canMigrateFrom, canMigrateTo: m.canMigrateTo, images: Object.keys(m.images || {}), volumes: m.volumes, satisfies: sat }
}

async function actionList(index) {
  return Object.values((index.actions && index.actions.actions) || {})
}

// One action as the UI runs it: getInput (same eventId), the form filled, run.
async function runAction(state, action, project, n) {
  const effects = makeEffects(state, `action-${action.id}-${n}`)
  const out = { id: action.id, hasInput: false, ok: false, notes: [] }
  const firstSub = state.rec.subcontainers.length
  try {
    const metadata = await action.exportMetadata({ effects })
    out.hasInput = !!metadata.hasInput
    let input = null
    if (metadata.hasInput) {
      const got = await action.getInput({ effects, prefill: null })
      out.prefill = got.value
      input = fillSpec(got.spec, got.value, project.samples || {}, out.notes)
      out.input = input
    }
    const result = await action.run({ effects, input })
    out.result = result && typeof result === 'object' ? { title: result.title ?? null, message: result.message ?? null } : result
    out.ok = true
  } catch (e) {
    out.error = describeError(e, project.built)
  }
  out.subs = state.rec.subcontainers.slice(firstSub).map((s) => s.guid)
  return out
}

async function scenarioLoad(ctx) {
  const missing = ABI.filter((k) => !(k in ctx.index))
  return { missing, manifest: manifestSummary(ctx.index.manifest) }
}

async function install(ctx) {
  await ctx.index.init({ effects: ctx.effects, kind: 'install' })
}

async function scenarioInstall(ctx) {
  await install(ctx)
  return {}
}

async function scenarioConfigure(ctx) {
  await install(ctx)
  const rounds = []
  for (const action of await actionList(ctx.index)) {
    const metadata = await action.exportMetadata({ effects: ctx.effects })
    if (!metadata.hasInput) continue
    // first save (no previous file), then a second one from the prefill it produced
    const first = await runAction(ctx.state, action, ctx.project, 1)
    first.file = configText(ctx.state, ctx.expect)
    rounds.push(first)
    if (!first.ok) continue
    const second = await runAction(ctx.state, action, ctx.project, 2)
    second.file = configText(ctx.state, ctx.expect)
    second.round = 2
    rounds.push(second)
  }
  return { actions: rounds }
}

function describeEntry(entry) {
  const sub = entry.subcontainer
  let mounts = null
  try {
    mounts = sub && sub.mounts ? sub.mounts.build() : null
  } catch (e) {
    mounts = `error: ${e.message}`
  }
  const command = entry.exec ? entry.exec.command : null
  return {
    kind: entry.kind,
    id: entry.id,
    requires: entry.requires,
    command: command && typeof command === 'object' && !Array.isArray(command) ? { useEntrypoint: command.overridCmd ?? true } : command,
    fnExec: !!(entry.exec && entry.exec.fn),
    ready: entry.ready && typeof entry.ready === 'object' ? { display: entry.ready.display ?? null } : entry.ready ?? null,
    subcontainer: sub ? { imageId: sub.imageId ?? null, name: sub.name ?? null, mounts } : null,
  }
}

async function scenarioStart(ctx) {
  await install(ctx)
  seedLegacyConfig(ctx.state, ctx.expect)
  const daemons = await ctx.index.main({ effects: ctx.effects })
  const entries = Array.isArray(daemons && daemons.entries) ? daemons.entries : null
  const out = { entries: entries ? entries.map(describeEntry) : null, kind: daemons && daemons.constructor ? daemons.constructor.name : typeof daemons }
  ctx.state.oneshots = (entries || []).filter((e) => e.kind === 'oneshot' && e.exec && Array.isArray(e.exec.command)).map((e) => JSON.stringify(e.exec.command))
  const built = await daemons.build()
  const deadline = Date.now() + (ctx.project.startWindowMs || 3000)
  const hds = () => (built && built.healthDaemons) || []
  // `disabled` is a final answer (a check not translated yet): no reason to wait for it
  const settled = (h) => h.isReady || (h.health && h.health.result === 'disabled')
  while (Date.now() < deadline && !(hds().length && hds().every(settled))) await sleep(15)
  out.daemons = hds().map((h) => ({ id: h.id, ready: h.isReady, health: h.health && h.health.result, message: h.health && h.health.message }))
  const t0 = Date.now()
  await built.term()
  out.termMs = Date.now() - t0
  return out
}

async function upgradeFrom(ctx, version) {
  seedLegacyConfig(ctx.state, ctx.expect)
  ctx.state.dataVersion = version
  const before = configText(ctx.state, ctx.expect)
  const satisfies = manifestSummary(ctx.index.manifest).satisfies(version)
  await ctx.index.init({ effects: ctx.effects, kind: 'update' })
  const path = ctx.state.rec.logs.filter((l) => l.includes('Migrating')).map((l) => l.replace(/^log: /, ''))
  return { from: version, satisfies, path, before, after: configText(ctx.state, ctx.expect) }
}

const scenarioUpgrade = (ctx) => upgradeFrom(ctx, ctx.expect.lastVersion)
const scenarioUpgradeOlder = (ctx) => upgradeFrom(ctx, ctx.expect.olderVersion)

async function scenarioActions(ctx) {
  await install(ctx)
  seedLegacyConfig(ctx.state, ctx.expect)
  const results = []
  for (const action of await actionList(ctx.index)) results.push(await runAction(ctx.state, action, ctx.project, 1))
  return { actions: results }
}

const SCENARIOS = {
  load: scenarioLoad,
  install: scenarioInstall,
  configure: scenarioConfigure,
  start: scenarioStart,
  upgrade: scenarioUpgrade,
  'upgrade-older': scenarioUpgradeOlder,
  actions: scenarioActions,
}

// Runs one (project, scenario) task; never throws: errors are part of the result.
async function runTask(task, onState) {
  const { project, scenario } = task
  const root = path.join(task.sandbox)
  fs.mkdirSync(root, { recursive: true })
  const state = { root, rec: newRecorder(), leave: [], dataVersion: null, packageId: null, fakeExec: project.fakeExec || null, oneshots: [] }
  onState(state)
  return als.run(state, async () => {
    const result = { scenario, error: null, loadError: null, data: null }
    let index
    try {
      index = load(project.built)
      state.packageId = index.manifest && index.manifest.id
    } catch (e) {
      result.loadError = describeError(e, project.built)
      result.records = state.rec
      return result
    }
    const ctx = { index, project, expect: project.expect || {}, state, effects: makeEffects(state) }
    try {
      result.data = await SCENARIOS[scenario](ctx)
    } catch (e) {
      result.error = describeError(e, project.built)
    }
    // the OS leaves the context after every call; a package that hangs there is cut off
    await Promise.race([leaveContext(state), sleep(1000)])
    result.dataVersion = state.dataVersion
    result.records = state.rec
    return result
  })
}

module.exports = { runTask, SCENARIOS }
