// The mini-program: on launch and whenever it comes back to the front, send again any submission
// still waiting for the server's answer (same Idempotency-Key, so nothing is created twice).
const outbox = require('./utils/outbox.js')

App({
  onLaunch() {
    outbox.watchNetwork()
    outbox.retryPending()
  },
  onShow() {
    outbox.retryPending()
  },
})
