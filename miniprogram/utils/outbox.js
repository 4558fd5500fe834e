// Submissions that must happen once: each carries an Idempotency-Key that is kept in storage
// with its body until the server acknowledges it (2xx, or a 4xx not worth retrying). A retry —
// the user's tap, the app shown again, or the network coming back — sends the same key and body.
const api = require('./api.js')
const events = require('./events.js')

const PENDING = 'jht.pending'
const SAVED_MESSAGE = '网络不好，内容已保存在手机上，网络恢复后会自动重新提交'

function pendingAll() {
  return wx.getStorageSync(PENDING) || {}
}

function savePending(all) {
  wx.setStorageSync(PENDING, all)
}

function pending(draftId) {
  return pendingAll()[draftId] || null
}

function forget(draftId) {
  const all = pendingAll()
  delete all[draftId]
  savePending(all)
}

function newKey() {
  let key = Date.now().toString(36) + '-'
  for (let i = 0; i < 4; i += 1) key += Math.floor(Math.random() * 0x100000000).toString(16)
  return key
}

function newDraftId(prefix) {
  return `${prefix}-${newKey()}`
}

// Worth sending again with the same key: the server may or may not have done it.
function retriable(err) {
  if (err.network) return true
  if (err.status >= 500 || err.status === 408 || err.status === 429) return true
  return err.status === 409 && err.code === 'IdempotencyInFlight'
}

// submit(draftId, {path, data, label}) sends a submission once; the first call for a draft fixes
// its key and body in storage, and every retry (a tap, or the network coming back) reuses them.
async function submit(draftId, spec) {
  watchNetwork()
  let entry = pending(draftId)
  if (!entry && !spec) return null // acknowledged meanwhile
  if (!entry) {
    entry = Object.assign({ method: 'POST', key: newKey(), created: Date.now() }, spec)
    const all = pendingAll()
    all[draftId] = entry
    savePending(all)
  }
  try {
    const body = await api.request({
      method: entry.method,
      path: entry.path,
      data: entry.data,
      header: { 'Idempotency-Key': entry.key },
      quiet: true,
    })
    forget(draftId)
    events.emit('submitted', { draftId, body, entry })
    return body
  } catch (err) {
    if (!retriable(err)) {
      forget(draftId)
      events.emit('failed', { draftId, error: err, entry })
    }
    err.kept = retriable(err)
    throw err
  }
}

let retrying = null

// Send again every submission still waiting for an answer (network back, app shown).
function retryPending() {
  if (retrying) return retrying
  const ids = Object.keys(pendingAll())
  retrying = ids
    .reduce((chain, id) => chain.then(() => submit(id).catch(() => null)), Promise.resolve())
    .then(() => {
      retrying = null
      return ids.length
    })
  return retrying
}

let watching = false

function watchNetwork() {
  if (watching) return
  watching = true
  wx.onNetworkStatusChange((res) => {
    if (res.isConnected) retryPending()
  })
}

function message(err) {
  return err.kept ? SAVED_MESSAGE : err.message
}

module.exports = { submit, pending, newDraftId, retryPending, watchNetwork, message }
