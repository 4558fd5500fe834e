// Subscribe-message prompts: WeChat only shows them from a tap; what the user answered goes to
// the server (POST /subscriptions), which then may send that many messages.
const api = require('./api.js')
const config = require('../config.js')

function ask(names) {
  const tmplIds = names.map((n) => config.templates[n]).filter(Boolean)
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => {
        const results = {}
        tmplIds.forEach((id) => {
          if (res[id]) results[id] = res[id]
        })
        if (!Object.keys(results).length) return resolve(false)
        api
          .post('/api/v1/subscriptions', { results }, { quiet: true })
          .then(() => resolve(tmplIds.some((id) => results[id] === 'accept')))
          .catch(() => resolve(false))
      },
      fail: () => resolve(false),
    })
  })
}

module.exports = { ask }
