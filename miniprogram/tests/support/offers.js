// `needs('POST /api/v1/cases', 'GET /api/v1/feed')` is `test` when the server offers all of them
// (as found by global-setup.js), else `test.skip` — and the reason is printed once.
const fs = require('fs')
const { OFFERED } = require('./global-setup')

const offered = fs.existsSync(OFFERED) ? JSON.parse(fs.readFileSync(OFFERED, 'utf8')) : {}

function missing(specs) {
  return specs.filter((spec) => {
    const [method, p] = spec.includes(' ') ? spec.split(' ') : ['', spec]
    const methods = offered[p]
    return !methods || (method && !methods.includes(method.toLowerCase()))
  })
}

function needs(...specs) {
  const gone = missing(specs)
  if (!gone.length) return test
  console.warn(`skipped: this server does not offer ${gone.join(', ')} yet`)
  return test.skip
}

module.exports = { needs, missing }
