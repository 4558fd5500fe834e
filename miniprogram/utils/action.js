// One tap that must reach the server once, as the pages do it around outbox.submit: a busy flag
// on the page while it is in flight (a second tap meanwhile does nothing), the same draft — so
// the same Idempotency-Key and body — for every retry until the server has answered, and the
// reason shown when it did not go through (the server's words, or "kept on the phone, sent when
// the network is back"). A page keeps one draft per `key`, e.g. `confirm-<id>`.
const api = require('./api.js')
const outbox = require('./outbox.js')

function drafts(page) {
  if (!page.outboxDrafts) page.outboxDrafts = {}
  return page.outboxDrafts
}

// The draft id the outbox holds for this key ('' when none): pages that hear of a background
// resend (events 'submitted') compare it with the event's draftId.
function draftOf(page, key) {
  return drafts(page)[key] || ''
}

function forget(page, key) {
  delete drafts(page)[key]
}

// send(page, key, {path, data}, {busy, failed}) → the server's answer (a JSON object), or null
// when the page was busy or it did not go through (already shown; then `failed(err)` runs, e.g.
// to note that it is waiting on the phone or to reload what changed). `busy` names the page's
// data flag ('busy' unless given; null for none).
async function send(page, key, spec, { busy = 'busy', failed } = {}) {
  if (busy && page.data[busy]) return null
  const all = drafts(page)
  if (!all[key]) all[key] = outbox.newDraftId(key)
  if (busy) page.setData({ [busy]: true })
  try {
    const answer = await outbox.submit(all[key], { path: spec.path, data: spec.data })
    delete all[key]
    if (busy) page.setData({ [busy]: false })
    return answer
  } catch (err) {
    if (!err.kept) delete all[key]
    if (busy) page.setData({ [busy]: false })
    api.showError({ message: outbox.message(err) })
    if (failed) await failed(err)
    return null
  }
}

module.exports = { send, draftOf, forget }
