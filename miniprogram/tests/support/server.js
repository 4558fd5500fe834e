// Starts the real 警户通 server (temporary SQLite, embedded WeChat emulator, demo data) for one
// test file. The interpreter is $JHT_PYTHON, else `python3` on PATH (in CI: the CI venv's).
const { spawn, execFileSync } = require('child_process')
const fs = require('fs')
const net = require('net')
const os = require('os')
const path = require('path')

// Node's own fetch (the jsdom test environment exposes it as nodeFetch).
const fetch = (...args) => (global.nodeFetch || globalThis.fetch)(...args)
// The server's own probes leave no idle keep-alive socket behind: loading pages right after
// (a synchronous template compile) can block the event loop past uvicorn's 5-second keep-alive,
// and the phone's first call would then go out on a socket the server has closed (UND_ERR_SOCKET).
const ONCE = { headers: { connection: 'close' } }
const PYTHON = process.env.JHT_PYTHON || 'python3'
const READY_TIMEOUT_MS = 90000

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

// The server reads JHT_* settings and a .env in its working directory: give it neither.
function cleanEnv(extra) {
  const env = {}
  Object.keys(process.env).forEach((k) => {
    if (!k.startsWith('JHT_')) env[k] = process.env[k]
  })
  return Object.assign(env, { PYTHONUNBUFFERED: '1' }, extra)
}

async function waitReady(url, child, output) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`)
    }
    try {
      const res = await fetch(`${url}/readyz`, ONCE)
      if (res.ok) return
    } catch (e) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not ready after ${READY_TIMEOUT_MS} ms:\n${output.join('')}`)
}

async function startServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jht-mp-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const output = []
  const child = spawn(
    PYTHON,
    ['-m', 'jinghutong.cli', 'serve', '--port', String(port), '--data-dir', dataDir],
    { cwd: dataDir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] }
  )
  child.stdout.on('data', (d) => output.push(d.toString()))
  child.stderr.on('data', (d) => output.push(d.toString()))
  try {
    await waitReady(url, child, output)
  } catch (err) {
    child.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const spec = await (await fetch(`${url}/openapi.json`, ONCE)).json()
  const paths = new Set(Object.keys(spec.paths || {}))
  return {
    url,
    dataDir,
    output,
    spec,
    // has('/api/v1/cases', 'post') — whether the running server offers that endpoint.
    has(p, method) {
      if (!paths.has(p)) return false
      return !method || !!spec.paths[p][method.toLowerCase()]
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

let accountsCache = null

// The demo identities (`jinghutong demo accounts --json`), by role.
function demoAccounts() {
  if (!accountsCache) {
    const out = execFileSync(PYTHON, ['-m', 'jinghutong.cli', 'demo', 'accounts', '--json'], {
      env: cleanEnv(),
      cwd: os.tmpdir(),
    })
    accountsCache = JSON.parse(out.toString())
  }
  const all = accountsCache
  return {
    all,
    first: (role) => all.find((a) => a.role === role),
    byRole: (role) => all.filter((a) => a.role === role),
  }
}

module.exports = { startServer, demoAccounts, PYTHON }
