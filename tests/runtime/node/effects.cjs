// A fake StartOS `effects` (start-core Effects.d.ts) that records what the package asks of
// the OS. One recorder per scenario; `child()` effects share it (the SDK sets `constRetry`
// on children, so each child is its own object). It is a plain object: the SDK spreads it
// (`{...effects, bind}` in setupServiceInterfaces).
'use strict'
const fs = require('fs')
const path = require('path')

function newRecorder() {
  return {
    calls: {}, // method -> count
    dataVersions: [], // every setDataVersion, in order
    binds: [],
    bindRanges: [],
    interfaces: [],
    clearedBindings: [],
    dependencies: null,
    tasks: [],
    clearedTasks: [],
    exportedActions: [],
    health: [],
    mountsEffect: [],
    subcontainers: [],
    probes: [],
    notifications: [],
    violations: [],
    hostCommands: [],
    systemMounts: 0,
    procNetReads: 0,
    logs: [],
    unhandled: [],
  }
}

function fakeHost(state, packageId, hostId) {
  const own = !packageId || packageId === state.packageId
  const rec = state.rec
  const binds = own ? rec.binds.filter((b) => b.id === hostId) : []
  if (own && binds.length === 0) return null
  const name = own ? state.packageId : packageId
  const bindings = {}
  for (const b of own ? binds : [{ internalPort: 80, preferredExternalPort: 80, addSsl: null, secure: null }]) {
    const interfaces = {}
    for (const i of rec.interfaces.filter((x) => own && x.addressInfo && x.addressInfo.hostId === hostId && x.addressInfo.internalPort === b.internalPort)) {
      interfaces[i.id] = { id: i.id, name: i.name, description: i.description, masked: i.masked, type: i.type, addressInfo: i.addressInfo, gatewayId: null }
    }
    bindings[b.internalPort] = {
      enabled: true,
      options: { preferredExternalPort: b.preferredExternalPort ?? b.internalPort, addSsl: b.addSsl ?? null, secure: b.secure ?? null },
      net: { assignedPort: b.internalPort, assignedSslPort: b.addSsl ? 443 : null },
      addresses: {
        enabled: [],
        disabled: [],
        guaWan: [],
        available: [
          { ssl: false, public: false, hostname: `${name}.local`, port: b.internalPort, metadata: { kind: 'mdns', gateways: ['eth0'] } },
          { ssl: false, public: false, hostname: '10.0.3.2', port: b.internalPort, metadata: { kind: 'ipv4', gateway: 'eth0' } },
        ],
      },
      interfaces,
    }
  }
  return { bindings, bindingRanges: {}, publicDomains: {}, privateDomains: {}, portForwards: [] }
}

function makeEffects(state, eventId = 'harness') {
  const rec = state.rec
  const count = (m) => (rec.calls[m] = (rec.calls[m] || 0) + 1)
  const ok = (m, fn) => async (...args) => {
    count(m)
    const out = fn ? await fn(...args) : null
    return out === undefined ? null : out
  }
  const effects = {
    eventId,
    isInContext: true,
    child: (name) => makeEffects(state, `${eventId}/${name}`),
    onLeaveContext: (fn) => {
      if (fn) state.leave.push(fn)
    },
    clearCallbacks: ok('clearCallbacks'),
    action: {
      export: ok('action.export', (o) => void rec.exportedActions.push(o.id)),
      clear: ok('action.clear'),
      getInput: ok('action.getInput'),
      run: ok('action.run'),
      createTask: ok('action.createTask', (o) => void rec.tasks.push(o)),
      clearTasks: ok('action.clearTasks', (o) => void rec.clearedTasks.push(o)),
    },
    restart: ok('restart'),
    shutdown: ok('shutdown'),
    getStatus: ok('getStatus'),
    setMainStatus: ok('setMainStatus'),
    setDependencies: ok('setDependencies', (o) => void (rec.dependencies = o.dependencies)),
    getDependencies: ok('getDependencies', () => []),
    checkDependencies: ok('checkDependencies', () => []),
    mount: ok('mount', (o) => {
      rec.mountsEffect.push(o)
      fs.mkdirSync(o.location, { recursive: true })
      return o.location
    }),
    getInstalledPackages: ok('getInstalledPackages', () => []),
    getServiceManifest: ok('getServiceManifest', (o) => {
      throw new Error(`harness: no manifest for ${o.packageId}`)
    }),
    setBackupProgress: ok('setBackupProgress'),
    setInitProgress: ok('setInitProgress'),
    setHealth: ok('setHealth', (o) => void rec.health.push({ id: o.id, result: o.result, message: o.message })),
    notification: { create: ok('notification.create', (o) => void rec.notifications.push(o)) },
    subcontainer: {
      createFs: ok('subcontainer.createFs', (o) => {
        const guid = `sub${rec.subcontainers.length}`
        const rootfs = path.join(state.root, 'subcontainers', guid)
        fs.mkdirSync(path.join(rootfs, 'proc', '1'), { recursive: true })
        rec.subcontainers.push({ guid, imageId: o.imageId, name: o.name ?? null, rootfs, mounts: [], commands: [], destroyed: false })
        return [rootfs, guid]
      }),
      destroyFs: ok('subcontainer.destroyFs', (o) => {
        const sub = rec.subcontainers.find((s) => s.guid === o.guid)
        if (sub) sub.destroyed = true
      }),
    },
    bind: ok('bind', (o) => void rec.binds.push(o)),
    bindRange: ok('bindRange', (o) => void rec.bindRanges.push(o)),
    getServicePortForward: ok('getServicePortForward', (o) => ({ assignedPort: o.internalPort, assignedSslPort: null })),
    clearBindings: ok('clearBindings', (o) => void rec.clearedBindings.push(o)),
    getHostInfo: ok('getHostInfo', (o) => fakeHost(state, o.packageId, o.hostId)),
    getContainerIp: ok('getContainerIp', () => '10.0.3.2'),
    getOsIp: ok('getOsIp', () => '10.0.3.1'),
    getOutboundGateway: ok('getOutboundGateway', () => 'eth0'),
    exportServiceInterface: ok('exportServiceInterface', (o) => void rec.interfaces.push(o)),
    exportRangeServiceInterface: ok('exportRangeServiceInterface', (o) => void rec.interfaces.push(o)),
    getServiceInterface: ok('getServiceInterface', (o) =>
      o.packageId && o.packageId !== state.packageId ? null : rec.interfaces.find((i) => i.id === o.serviceInterfaceId) || null,
    ),
    listServiceInterfaces: ok('listServiceInterfaces', () => Object.fromEntries(rec.interfaces.map((i) => [i.id, i]))),
    clearServiceInterfaces: ok('clearServiceInterfaces'),
    plugin: { url: { register: ok('plugin.url.register'), exportUrl: ok('plugin.url.exportUrl'), clearUrls: ok('plugin.url.clearUrls') } },
    getSslCertificate: ok('getSslCertificate', () => ['-----BEGIN CERTIFICATE-----\nHARNESS\n-----END CERTIFICATE-----\n', '', '']),
    getSslKey: ok('getSslKey', () => '-----BEGIN PRIVATE KEY-----\nHARNESS\n-----END PRIVATE KEY-----\n'),
    setDataVersion: ok('setDataVersion', (o) => {
      rec.dataVersions.push(o.version)
      state.dataVersion = o.version
    }),
    getDataVersion: ok('getDataVersion', () => state.dataVersion),
    getSystemSmtp: ok('getSystemSmtp'),
  }
  return effects
}

// What the OS does when a context ends: run the package's onLeaveContext hooks.
async function leaveContext(state) {
  const fns = state.leave.splice(0)
  for (const fn of fns) {
    try {
      await fn()
    } catch (e) {
      state.rec.logs.push(`leave: ${e && e.message}`)
    }
  }
}

module.exports = { newRecorder, makeEffects, leaveContext }
