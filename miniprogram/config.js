// Where this build of the mini-program finds its server, and the subscribe-message template ids
// the mini-program console assigned. Edit before opening in WeChat DevTools (see README.md).
module.exports = {
  // WeChat only calls HTTPS domains on the allow-list; in DevTools tick 「不校验合法域名」 to use a
  // local server such as `jinghutong serve --port 8000`.
  baseUrl: 'http://127.0.0.1:8000',
  templates: {
    caseProgress: 'tmpl_case_progress',
    bulletin: 'tmpl_bulletin',
    membership: 'tmpl_membership',
  },
  emergencyNumber: '110',
  // wx.request allows 10 calls at once; keep a margin for uploads.
  maxConcurrentRequests: 8,
}
