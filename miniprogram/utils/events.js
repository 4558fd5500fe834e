// A tiny event bus so a page learns that a submission it started was acknowledged later
// (for example retried automatically when the network came back while it was on screen).
const listeners = {}

function on(name, fn) {
  ;(listeners[name] = listeners[name] || []).push(fn)
  return () => off(name, fn)
}

function off(name, fn) {
  listeners[name] = (listeners[name] || []).filter((f) => f !== fn)
}

function emit(name, payload) {
  ;(listeners[name] || []).slice().forEach((fn) => fn(payload))
}

module.exports = { on, off, emit }
