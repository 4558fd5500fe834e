// Arranging a scenario straight through the API (what another person did elsewhere), with the
// same login a phone would use. Pages are always driven through the Phone.
const fetch = global.nodeFetch

async function call(server, token, method, path, body, headers = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: Object.assign(
      { 'content-type': 'application/json' },
      token ? { authorization: `Bearer ${token}` } : {},
      headers
    ),
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let data = text
  try {
    data = JSON.parse(text)
  } catch (e) {
    // not JSON
  }
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`)
  return data
}

async function upload(server, token, filePath, kind) {
  const fs = require('fs')
  const path = require('path')
  const form = new global.NodeFormData()
  form.append('kind', kind)
  const type = filePath.endsWith('.mp3') ? 'audio/mpeg' : 'image/jpeg'
  form.append('file', new global.NodeBlob([fs.readFileSync(filePath)], { type }), path.basename(filePath))
  const res = await fetch(`${server.url}/api/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  if (!res.ok) throw new Error(`upload → ${res.status} ${await res.text()}`)
  return res.json()
}

async function login(server, openid) {
  const { code } = await call(server, null, 'POST', '/wechat-emulator/device/login', { openid })
  const { token } = await call(server, null, 'POST', '/api/v1/auth/wechat', { code })
  return {
    get: (path) => call(server, token, 'GET', path),
    post: (path, body, headers) => call(server, token, 'POST', path, body === undefined ? {} : body, headers),
    upload: (filePath, kind) => upload(server, token, filePath, kind),
    // The HTTP status of a GET (redirects followed), for what a person may or may not open.
    status: async (path) => (await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })).status,
  }
}

module.exports = { call, login }
