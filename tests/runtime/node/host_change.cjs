// What a generated package does when StartOS reports that one of its own hosts changed
// (a new onion or LAN address): `withPointers` reads each own host with `.const()`, so the
// SDK must re-run it (effects.constRetry) and the config's address pointers follow.
//
//   node host_change.cjs IN.json OUT.json
//
// IN: [{ name, built }]; OUT: { <name>: { hosts, retries, ms, before, error } }
'use strict'
const fs = require('fs')
const path = require('path')

// The ports a project's withPointers reads addresses of, from its compiled calls
// `ownAddress)(mainAddresses, [8080, 8443], 'tor')`.
function portsOf(source) {
  const ports = new Set()
  for (const m of source.matchAll(/ownAddress\)\(\w+, \[([\d, ]+)\]/g)) {
    for (const p of m[1].split(',')) ports.add(Number(p))
  }
  return [...ports]
}

function fakeHost(hostId, ports, onion) {
  const bindings = {}
  for (const port of ports) {
    bindings[port] = {
      enabled: true,
      options: { preferredExternalPort: port, addSsl: null, secure: null },
      net: { assignedPort: port, assignedSslPort: null },
      addresses: {
        enabled: [],
        disabled: [],
        guaWan: [],
        available: [
          { ssl: false, public: false, hostname: onion, port, metadata: { kind: 'tor' } },
          { ssl: false, public: false, hostname: 'pkg.local', port, metadata: { kind: 'mdns', gateways: ['eth0'] } },
        ],
      },
      // An exported interface: the SDK fills its addressInfo with helper getters.
      interfaces: {
        [`${hostId}-ui`]: { id: `${hostId}-ui`, name: 'UI', description: '', masked: false, type: 'ui', gatewayId: null,
          addressInfo: { hostId, internalPort: port, scheme: 'http', sslScheme: null, suffix: '', username: null } },
      },
    }
  }
  return { bindings, bindingRanges: {}, publicDomains: {}, privateDomains: {}, portForwards: [] }
}

async function one({ built }) {
  const file = path.join(built, 'startos', 'fileModels', 'config.yaml.js')
  const ports = portsOf(fs.readFileSync(file, 'utf8'))
  const { withPointers } = require(file)
  let onion = 'before.onion'
  const callbacks = []
  const hosts = new Set()
  let retries = 0
  const effects = {
    eventId: 'host-change',
    isInContext: true,
    onLeaveContext() {},
    constRetry: () => void (retries += 1),
    async getHostInfo({ hostId, callback }) {
      hosts.add(hostId)
      if (callback) callbacks.push(callback)
      return fakeHost(hostId, ports, onion)
    },
  }
  const t0 = Date.now()
  const before = JSON.stringify(await withPointers(effects, {}))
  onion = 'after.onion'
  for (const cb of callbacks.splice(0)) cb()
  await new Promise((r) => setTimeout(r, 100))
  return { hosts: hosts.size, retries, ms: Date.now() - t0, before }
}

async function main([inFile, outFile]) {
  const out = {}
  for (const project of JSON.parse(fs.readFileSync(inFile, 'utf8'))) {
    try {
      out[project.name] = await one(project)
    } catch (e) {
      out[project.name] = { error: String((e && e.stack) || e).slice(0, 1500) }
    }
  }
  fs.writeFileSync(outFile, JSON.stringify(out))
}

main(process.argv.slice(2))
