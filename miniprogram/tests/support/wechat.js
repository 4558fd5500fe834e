// Playing WeChat's part in the media check. The server asks WeChat (here the embedded emulator)
// to check each upload (media_check_async → a trace id) and WeChat later pushes its verdict to
// /wechat/push — what tests/support/review.py does in the backend suite. The emulator's reviewer
// side (/device/media-checks) lists the checks still pending, each with the link WeChat would
// fetch (it names the media's id), and decides one, answering with the event WeChat would push;
// the test then pushes it signed the way WeChat signs a plain-mode push (sha1 of the sorted
// token, timestamp and nonce).
const crypto = require('crypto')

const fetch = global.nodeFetch
// The development push token (core/config.py); the test server runs with no JHT_* settings.
const PUSH_TOKEN = 'jinghutong-dev-push-token'

async function pendingCheckOf(server, mediaId) {
  const res = await fetch(`${server.url}/wechat-emulator/device/media-checks`)
  const { pending } = await res.json()
  return pending.find((check) => check.media_url.includes(`/media/${mediaId}?`))
}

// The server's worker submits the check shortly after the upload; wait for it.
async function waitForCheck(server, mediaId, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const check = await pendingCheckOf(server, mediaId)
    if (check) return check
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
  const { trace_id: traceId } = await waitForCheck(server, mediaId)
  const decided = await fetch(`${server.url}/wechat-emulator/device/media-checks/${traceId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ suggest, label }),
  })
  if (!decided.ok) throw new Error(`the emulator refused the verdict: ${decided.status}`)
  const event = await decided.json()
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
