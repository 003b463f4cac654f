// Runs the harness over many projects in a few worker threads.
//
//   node run.cjs PLAN.json OUT.json
//
// PLAN: { tempRoot, workers, scenarioTimeoutMs, overallTimeoutMs,
//         tasks: [{ id, scenario, sandbox, project: { name, built, expect, samples, ... } }] }
// OUT:  { results: { <task id>: result }, timedOut: [ids], elapsedMs }
//
// The main thread keeps the clock: a task without an answer after scenarioTimeoutMs gets
// its worker terminated (a synchronous loop included) and is reported as a timeout; a
// worker that dies is replaced; after overallTimeoutMs whatever is left is reported as not
// run, and the process exits whatever the packages left pending.
'use strict'
const fs = require('fs')
const path = require('path')
const { Worker } = require('worker_threads')

function main([planFile, outFile]) {
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'))
  const queue = plan.tasks.slice()
  const results = {}
  const timedOut = []
  const started = Date.now()
  let active = 0
  let finished = false

  const finish = () => {
    if (finished) return
    finished = true
    for (const t of queue) results[t.id] = { scenario: t.scenario, notRun: true, error: { name: 'HarnessTimeout', message: `not run: the harness's overall limit of ${plan.overallTimeoutMs} ms was reached`, frames: [] } }
    fs.writeFileSync(outFile, JSON.stringify({ results, timedOut, elapsedMs: Date.now() - started }))
    process.exit(0)
  }
  setTimeout(finish, plan.overallTimeoutMs).unref()

  function spawn() {
    const worker = new Worker(path.join(__dirname, 'worker.cjs'), { workerData: { tempRoot: plan.tempRoot }, stdout: true, stderr: true })
    worker.stdout.resume()
    worker.stderr.resume()
    let current = null
    let timer = null
    active += 1
    let startedAt = 0
    const next = () => {
      current = queue.shift() || null
      if (!current) {
        worker.terminate()
        return
      }
      startedAt = Date.now()
      timer = setTimeout(() => {
        timedOut.push(current.id)
        results[current.id] = { scenario: current.scenario, timeout: true, error: { name: 'HarnessTimeout', message: `timeout: no answer after ${plan.scenarioTimeoutMs} ms`, frames: [] } }
        current = null
        worker.terminate()
      }, plan.scenarioTimeoutMs)
      worker.postMessage(current)
    }
    worker.on('message', (msg) => {
      if (msg && msg.ready) return next()
      if (!current || msg.id !== current.id) return
      clearTimeout(timer)
      results[msg.id] = { ...msg.result, elapsedMs: Date.now() - startedAt }
      next()
    })
    worker.on('error', (e) => {
      if (current) {
        clearTimeout(timer)
        results[current.id] = { scenario: current.scenario, error: { name: 'WorkerCrash', message: String((e && e.stack) || e), frames: [] } }
        current = null
      }
    })
    worker.on('exit', () => {
      clearTimeout(timer)
      active -= 1
      if (current) {
        results[current.id] = { scenario: current.scenario, error: { name: 'WorkerExit', message: 'the worker exited during the task', frames: [] } }
        current = null
      }
      if (queue.length && !finished) spawn()
      else if (active === 0) finish()
    })
  }
  const n = Math.max(1, Math.min(plan.workers || 2, queue.length))
  if (queue.length === 0) return finish()
  for (let i = 0; i < n; i++) spawn()
}

main(process.argv.slice(2))
