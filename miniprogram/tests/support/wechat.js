// Playing WeChat's part in the media check. The server asks WeChat (here the embedded emulator)
// to check each upload (media_check_async → a trace id) and WeChat later pushes its verdict to
// /wechat/push — what tests/support/review.py does in the backend suite. The emulator keeps its
// trace ids inside the server's process, so the test reads the one WeChat issued where the server
// stored it (media.check_trace_id in the test server's SQLite), then pushes the verdict signed the
// way WeChat signs a plain-mode push (sha1 of the sorted token, timestamp and nonce).
const crypto = require('crypto')
const path = require('path')
const { execFileSync } = require('child_process')
const { PYTHON } = require('./server')

const fetch = global.nodeFetch
// The development push token (core/config.py); the test server runs with no JHT_* settings.
const PUSH_TOKEN = 'jinghutong-dev-push-token'
const TRACE_ID_SQL = 'SELECT check_trace_id FROM media WHERE id = ?'
const READ_TRACE_ID = [
  'import sqlite3, sys',
  'db = sqlite3.connect(sys.argv[1], timeout=10)',
  'row = db.execute(sys.argv[2], (sys.argv[3],)).fetchone()',
  'print(row[0] if row and row[0] else "")',
].join('\n')

function traceIdOf(server, mediaId) {
  const db = path.join(server.dataDir, 'jinghutong.db')
  return execFileSync(PYTHON, ['-c', READ_TRACE_ID, db, TRACE_ID_SQL, mediaId]).toString().trim()
}

// The server's worker submits the check shortly after the upload; wait for its trace id.
async function waitForTraceId(server, mediaId, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const traceId = traceIdOf(server, mediaId)
    if (traceId) return traceId
    if (Date.now() > deadline) throw new Error(`media ${mediaId} was never sent to WeChat's check`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

function signed(timestamp, nonce) {
  const joined = [PUSH_TOKEN, timestamp, nonce].sort().join('')
  return crypto.createHash('sha1').update(joined).digest('hex')
}

// WeChat's verdict on one upload: 'pass', 'review' or 'risky' (label 20002: pornography, as in
// the backend tests), pushed as the wxa_media_check event.
async function pushMediaVerdict(server, mediaId, suggest, label = 20002) {
  const traceId = await waitForTraceId(server, mediaId)
  const { app_id: appid } = await (await fetch(`${server.url}/wechat-emulator/`)).json()
  const errcode = suggest === 'pass' ? 0 : 87014
  const event = {
    ToUserName: 'gh_jinghutong_emu',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid,
    trace_id: traceId,
    version: 2,
    detail: [{ strategy: 'content_model', errcode: 0, suggest, label }],
    errcode,
    errmsg: errcode ? 'risky content' : 'ok',
    result: { suggest, label },
  }
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = crypto.randomBytes(6).toString('hex')
  const query = `signature=${signed(timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`
  const res = await fetch(`${server.url}/wechat/push?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  })
  const answer = await res.text()
  if (!res.ok || answer !== 'success') throw new Error(`push refused: ${res.status} ${answer}`)
}

module.exports = { pushMediaVerdict }
