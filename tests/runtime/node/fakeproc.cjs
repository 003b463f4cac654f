// child_process without processes: what the SDK asks StartOS's `start-container` to do is
// recorded against the subcontainer it names (by rootfs), and nothing is ever executed.
//
//   start-container bind-mount --source S --target ROOTFS/M   -> mount S at M
//   start-container subcontainer launch ROOTFS                -> the leader (runs until killed)
//   start-container subcontainer launch ... ROOTFS CMD...     -> a daemon run as init
//   start-container subcontainer exec ... ROOTFS CMD...       -> a daemon (spawn, `stdio` set)
//                                                                or a command (exec, answered)
//   mount --rbind /dev ROOTFS/dev                             -> ignored (system mount)
//
// Anything else is a host command: recorded and failed, never run.
'use strict'
const cp = require('child_process')
const { EventEmitter } = require('events')
const { PassThrough, Writable } = require('stream')

let nextPid = 1000

class FakeChild extends EventEmitter {
  constructor() {
    super()
    this.pid = nextPid++
    this.exitCode = null
    this.signalCode = null
    this.killed = false
    this.stdinData = ''
    this.stdout = new PassThrough()
    this.stderr = new PassThrough()
    this.stdin = new Writable({
      write: (chunk, _enc, cb) => {
        this.stdinData += chunk.toString()
        cb()
      },
    })
  }
  // Emit 'exit' once the caller listens for it (the SDK attaches its listener after
  // writing stdin), so a fast answer is never lost.
  finish(code, signal) {
    if (this.exitCode !== null || this.signalCode !== null) return
    let tries = 0
    const fire = () => {
      if (this.listenerCount('exit') === 0 && tries++ < 200) return setImmediate(fire)
      if (this.exitCode !== null || this.signalCode !== null) return
      this.exitCode = code
      this.signalCode = signal
      this.stdout.end()
      this.stderr.end()
      this.emit('exit', code, signal)
      this.emit('close', code, signal)
    }
    setImmediate(fire)
  }
  kill(signal = 'SIGTERM') {
    if (this.exitCode !== null || this.signalCode !== null) return false
    this.killed = true
    this.finish(null, signal)
    return true
  }
  ref() {}
  unref() {}
}

// `subcontainer launch|exec` flags end at the rootfs (the first non-flag argument).
function splitRun(args) {
  let i = 2
  const flags = []
  while (i < args.length && args[i].startsWith('--')) flags.push(args[i++])
  return { flags, rootfs: args[i], command: args.slice(i + 1) }
}

function findSub(rec, p) {
  return rec.subcontainers.find((s) => p === s.rootfs || (p || '').startsWith(s.rootfs + '/')) || null
}

function answerFor(state, command) {
  const answers = (state && state.fakeExec) || {}
  for (const rule of answers.rules || []) {
    if (command.join(' ').includes(rule.match)) return rule
  }
  return answers.default || { exitCode: 0, stdout: '', stderr: '' }
}

function startContainer(state, args, options) {
  const rec = state.rec
  const child = new FakeChild()
  if (args[0] === 'bind-mount') {
    const source = args[args.indexOf('--source') + 1]
    const target = args[args.indexOf('--target') + 1]
    const sub = findSub(rec, target)
    const mount = { source, mountpoint: sub ? target.slice(sub.rootfs.length) || '/' : target, file: args.includes('--file') }
    if (sub) sub.mounts.push(mount)
    else rec.hostCommands.push({ cmd: 'start-container', args })
    child.finish(0, null)
    return child
  }
  if (args[0] === 'subcontainer' && (args[1] === 'launch' || args[1] === 'exec')) {
    const { flags, rootfs, command } = splitRun(args)
    const sub = findSub(rec, rootfs)
    if (!sub) {
      rec.hostCommands.push({ cmd: 'start-container', args })
      child.finish(127, null)
      return child
    }
    if (command.length === 0) return child // the leader: lives until killed
    const daemon = args[1] === 'launch' || (options && options.stdio !== undefined)
    const entry = { kind: daemon ? 'daemon' : 'exec', command, flags, stdin: '' }
    sub.commands.push(entry)
    if (daemon) {
      const key = JSON.stringify(command)
      if ((state.oneshots || []).includes(key)) child.finish(0, null)
      return child
    }
    const answer = answerFor(state, command)
    child.stdin.on('finish', () => (entry.stdin = child.stdinData.slice(0, 2000)))
    if (answer.stdout) child.stdout.write(answer.stdout)
    if (answer.stderr) child.stderr.write(answer.stderr)
    child.finish(answer.exitCode ?? 0, null)
    return child
  }
  rec.hostCommands.push({ cmd: 'start-container', args })
  child.finish(127, null)
  return child
}

function fakeSpawn(current) {
  return function spawn(cmd, args = [], options = {}) {
    if (!Array.isArray(args)) {
      options = args || {}
      args = []
    }
    const state = current()
    if (!state) {
      const child = new FakeChild()
      child.finish(127, null)
      return child
    }
    if (cmd === 'start-container') return startContainer(state, args, options)
    const child = new FakeChild()
    if (cmd === 'mount' && args[0] === '--rbind') state.rec.systemMounts += 1
    else state.rec.hostCommands.push({ cmd: String(cmd), args: args.map(String) })
    child.finish(cmd === 'mount' ? 0 : 127, null)
    return child
  }
}

function install(current) {
  const spawn = fakeSpawn(current)
  cp.spawn = spawn
  cp.execFile = function execFile(cmd, args, options, callback) {
    if (typeof args === 'function') [args, options, callback] = [[], {}, args]
    if (typeof options === 'function') [options, callback] = [{}, options]
    const child = spawn(cmd, args || [], { ...(options || {}), stdio: undefined })
    child.on('exit', (code) => {
      if (!callback) return
      if (code === 0) callback(null, '', '')
      else callback(Object.assign(new Error(`harness: ${cmd} not run (exit ${code})`), { code }), '', '')
    })
    return child
  }
  cp.exec = function exec(command, options, callback) {
    if (typeof options === 'function') callback = options
    return cp.execFile('sh', ['-c', String(command)], {}, callback)
  }
  const refuse = (name) =>
    function (cmd, args) {
      const state = current()
      if (state) state.rec.hostCommands.push({ cmd: String(cmd), args: (Array.isArray(args) ? args : []).map(String), via: name })
      throw new Error(`harness: ${name}(${cmd}) refused: nothing runs on the host`)
    }
  cp.execSync = refuse('execSync')
  cp.execFileSync = refuse('execFileSync')
  cp.spawnSync = refuse('spawnSync')
  cp.fork = refuse('fork')
}

module.exports = { install, FakeChild }
