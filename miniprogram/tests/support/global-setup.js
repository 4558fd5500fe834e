// Before any test file: start the real server once, note which endpoints it offers (its
// /openapi.json), and stop it. Test files then declare scenarios whose endpoints are missing as
// skipped (with the reason printed), instead of faking answers.
const fs = require('fs')
const path = require('path')
const { startServer } = require('./server')

const OFFERED = path.join(__dirname, '..', '.cache', 'openapi-paths.json')

module.exports = async function globalSetup() {
  global.nodeFetch = globalThis.fetch
  const server = await startServer()
  try {
    const offered = {}
    Object.keys(server.spec.paths).forEach((p) => (offered[p] = Object.keys(server.spec.paths[p])))
    fs.mkdirSync(path.dirname(OFFERED), { recursive: true })
    fs.writeFileSync(OFFERED, JSON.stringify(offered, null, 1))
  } finally {
    await server.stop()
  }
}

module.exports.OFFERED = OFFERED
