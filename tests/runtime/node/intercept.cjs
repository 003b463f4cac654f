// The OS boundary of a harness worker: file system, processes, network and console.
//
// Installed once per worker thread BEFORE the SDK is loaded (the SDK captures
// `promisify(child_process.execFile)` at load time). Every hook looks up the scenario
// that is running through an AsyncLocalStorage, so work a package leaves behind (a health
// loop, a watcher) keeps writing into its own scenario's sandbox and records.
//
// * paths under /media/startos/ (volumes, assets, images) are redirected into the
//   scenario's sandbox directory; no write may land outside the harness's own temp root
//   (this machine runs as root: a stray mkdir under / would be real);
// * child_process never executes anything: `start-container ...` (subcontainer launch,
//   exec, bind-mount) and `mount --rbind` are interpreted and recorded by fakeproc.cjs,
//   anything else is recorded as a host command and fails;
// * /proc/net/{tcp,tcp6,udp,udp6} list the ports the package bound, so
//   checkPortListening succeeds exactly for bound ports;
// * fetch() is recorded and answers 200 only for a bound port on localhost.
'use strict'
const fs = require('fs')
const fsp = require('fs/promises')
const path = require('path')
const { AsyncLocalStorage } = require('async_hooks')
const fakeproc = require('./fakeproc.cjs')

const als = new AsyncLocalStorage()
const MEDIA = '/media/startos/'
let tempRoot = null // every sandbox lives below this directory

const current = () => als.getStore() || null

function mapPath(p) {
  const state = current()
  if (p instanceof URL) p = p.pathname
  if (Buffer.isBuffer(p)) p = p.toString()
  if (typeof p !== 'string') return p
  if (p.startsWith(MEDIA) || p === MEDIA.slice(0, -1)) {
    if (!state) throw new Error(`harness: ${p} used outside any scenario`)
    return path.join(state.root, 'media', p.slice(MEDIA.length))
  }
  return p
}

function guardWrite(p, op) {
  if (typeof p !== 'string' || !path.isAbsolute(p)) return
  const resolved = path.resolve(p)
  if (tempRoot && (resolved + '/').startsWith(tempRoot + '/')) return
  const state = current()
  if (state) state.rec.violations.push({ op, path: resolved })
  throw new Error(`harness: ${op} outside the sandbox refused: ${resolved}`)
}

const PROC_NET = /^\/proc\/net\/(tcp|tcp6|udp|udp6)$/

function procNet(file) {
  const state = current()
  const header = '  sl  local_address rem_address   st\n'
  if (!state) return header
  state.rec.procNetReads += 1
  if (!file.endsWith('tcp')) return header
  const ports = [...new Set(state.rec.binds.map((b) => b.internalPort))]
  return (
    header +
    ports
      .map((p, i) => `  ${i}: 00000000:${p.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A\n`)
      .join('')
  )
}

// Functions whose first argument (and, for the pairs, second) is a path.
const READS = ['access', 'lstat', 'stat', 'readdir', 'readlink', 'realpath', 'opendir', 'statfs', 'exists', 'watch', 'watchFile', 'unwatchFile', 'createReadStream']
const WRITES = ['appendFile', 'chmod', 'chown', 'lchown', 'lutimes', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'truncate', 'unlink', 'utimes', 'writeFile', 'createWriteStream', 'open']
const PAIRS = ['copyFile', 'cp', 'rename', 'link', 'symlink']

function readOnlyFlags(flags) {
  if (flags === undefined || flags === null || typeof flags === 'function') return true
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND)) === 0
  return !/[wa+]/.test(String(flags))
}

function wrapOne(mod, name, kind, sync) {
  const orig = mod[name]
  if (typeof orig !== 'function') return
  const base = name.replace(/Sync$/, '')
  mod[name] = function (...args) {
    if (kind === 'read' || kind === 'readFile') {
      if (kind === 'readFile' && typeof args[0] === 'string' && PROC_NET.test(args[0])) {
        const text = procNet(args[0])
        if (sync) return text
        if (mod === fsp) return Promise.resolve(text)
        const cb = args[args.length - 1]
        if (typeof cb === 'function') process.nextTick(cb, null, text)
        return undefined
      }
      args[0] = mapPath(args[0])
    } else if (kind === 'write') {
      args[0] = mapPath(args[0])
      const isOpenForRead = base === 'open' && readOnlyFlags(args[1])
      if (!isOpenForRead) {
        if (base === 'mkdir' && typeof args[0] === 'string' && fs.existsSync(args[0]) && !(tempRoot && args[0].startsWith(tempRoot))) {
          // mkdir -p of an existing host directory (the SDK does this for /dev, /sys): a no-op
          if (sync) return undefined
          if (mod === fsp) return Promise.resolve(undefined)
          const cb = args[args.length - 1]
          if (typeof cb === 'function') process.nextTick(cb, null)
          return undefined
        }
        guardWrite(args[0], name)
      }
    } else if (kind === 'pair') {
      args[0] = mapPath(args[0])
      args[1] = mapPath(args[1])
      guardWrite(args[1], name)
      if (base === 'rename') guardWrite(args[0], name)
    }
    return orig.apply(this, args)
  }
}

function installFs() {
  for (const mod of [fs, fsp]) {
    for (const n of READS) wrapOne(mod, n, 'read', false)
    wrapOne(mod, 'readFile', 'readFile', false)
    for (const n of WRITES) wrapOne(mod, n, 'write', false)
    for (const n of PAIRS) wrapOne(mod, n, 'pair', false)
  }
  for (const n of READS) wrapOne(fs, n + 'Sync', 'read', true)
  wrapOne(fs, 'readFileSync', 'readFile', true)
  for (const n of WRITES) wrapOne(fs, n + 'Sync', 'write', true)
  for (const n of PAIRS) wrapOne(fs, n + 'Sync', 'pair', true)
}

function installFetch() {
  globalThis.fetch = async (url) => {
    const state = current()
    const text = String(url && url.url ? url.url : url)
    let port = null
    let host = null
    try {
      const u = new URL(text)
      host = u.hostname
      port = Number(u.port || (u.protocol === 'https:' ? 443 : 80))
    } catch (_) {}
    if (state) state.rec.probes.push({ kind: 'url', url: text, host, port })
    const bound = state && state.rec.binds.some((b) => b.internalPort === port)
    const local = ['localhost', '127.0.0.1', '::1', '0.0.0.0'].includes(host)
    if (bound && local) return new Response('', { status: 200 })
    throw new TypeError(`fetch failed: harness has no server at ${text}`)
  }
}

function installConsole() {
  const keep = (level) => (...args) => {
    const state = current()
    if (!state || state.rec.logs.length >= 40) return
    const line = args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a))).join(' ')
    state.rec.logs.push(`${level}: ${line.slice(0, 300)}`)
  }
  for (const level of ['log', 'debug', 'info', 'warn', 'error', 'trace']) console[level] = keep(level)
}

function safeJson(v) {
  try {
    return JSON.stringify(v)
  } catch (_) {
    return String(v)
  }
}

function install(root) {
  tempRoot = path.resolve(root)
  installFs()
  fakeproc.install(current)
  installFetch()
  installConsole()
}

module.exports = { install, als, current, mapPath }
