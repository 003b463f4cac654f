// A harness worker thread: installs the OS boundary, loads the SDK once, then runs the
// (project, scenario) tasks the main thread sends, one at a time. The main thread owns
// the clock: a task that does not answer in time gets this whole worker terminated
// (which also stops a synchronous infinite loop) and a fresh worker takes over.
'use strict'
const { parentPort, workerData } = require('worker_threads')
const intercept = require('./intercept.cjs')

intercept.install(workerData.tempRoot)

// Health checks poll on a 1 s trigger; the harness's clock runs faster so a chain of
// dependent daemons comes up within the start window.
const defaultTrigger = require('@start9labs/start-sdk/lib/trigger/defaultTrigger')
defaultTrigger.defaultTrigger = () =>
  (async function* () {
    for (let first = true; ; first = false) {
      await new Promise((r) => setTimeout(r, first ? 1 : 25))
      yield
    }
  })()

// Record the port a checkPortListening probe asks about (the answer comes from the fake
// /proc/net/tcp, which lists the bound ports).
const portCheck = require('@start9labs/start-sdk/lib/health/checkFns/checkPortListening')
const realCheck = portCheck.checkPortListening
portCheck.checkPortListening = function (effects, port, options) {
  const state = intercept.current()
  if (state) state.rec.probes.push({ kind: 'port', port })
  return realCheck.call(this, effects, port, options)
}

const { runTask } = require('./scenarios.cjs')

let running = null
const note = (what) => (e) => {
  if (running && running.rec.unhandled.length < 20) running.rec.unhandled.push(`${what}: ${String((e && e.message) || e).slice(0, 300)}`)
}
process.on('unhandledRejection', note('unhandled rejection'))
process.on('uncaughtException', note('uncaught exception'))

parentPort.on('message', async (task) => {
  let result
  try {
    result = await runTask(task, (state) => (running = state))
  } catch (e) {
    result = { scenario: task.scenario, error: { name: 'HarnessError', message: String((e && e.stack) || e), frames: [] } }
  }
  running = null
  let payload
  try {
    payload = JSON.parse(JSON.stringify(result))
  } catch (e) {
    payload = { scenario: task.scenario, error: { name: 'HarnessError', message: `result not serialisable: ${e.message}`, frames: [] } }
  }
  parentPort.postMessage({ id: task.id, result: payload })
})

// The SDK is loaded: the main thread starts a task's clock only from here on, so a slow
// start of a fresh worker (after a timeout, on a loaded machine) is not charged to a task.
parentPort.postMessage({ ready: true })
