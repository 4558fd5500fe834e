// The one door to the server: base URL, token (renewed through wx.login on 401), statusCode
// checks (WeChat calls `success` for every HTTP status), Chinese error messages. Submissions that
// must not happen twice go through outbox.js, which uses this.
const config = require('../config.js')

const TOKEN = 'jht.token'
const PERSON = 'jht.person'

const NETWORK_MESSAGE = '网络不好，请稍后再试'
const STATUS_MESSAGES = {
  400: '请求有误，请检查后重试',
  401: '登录已过期，请重新打开小程序',
  403: '您没有权限做这件事',
  404: '没有找到这条内容',
  409: '这件事已经处理过了',
  410: '这个二维码已经作废，请向联户长要新的',
  413: '文件太大了',
  415: '不支持这种文件',
  422: '填写的内容有误，请检查',
  429: '操作太频繁，请稍后再试',
}

class ApiError extends Error {
  constructor(status, body, network) {
    const detail = (body && body.detail) || (network ? NETWORK_MESSAGE : STATUS_MESSAGES[status])
    super(detail || '服务暂时不可用，请稍后再试')
    this.status = status
    this.code = (body && body.error) || (network ? 'NetworkError' : '')
    this.fields = (body && body.fields) || null
    this.network = !!network
  }
}

function baseUrl() {
  return config.baseUrl.replace(/\/+$/, '')
}

// --- a small queue: wx.request allows at most 10 concurrent calls -------------------------
let running = 0
const waiting = []

function limited(start) {
  return new Promise((resolve, reject) => {
    const run = () => {
      running += 1
      start()
        .then(resolve, reject)
        .then(() => {
          running -= 1
          if (waiting.length) waiting.shift()()
        })
    }
    if (running < config.maxConcurrentRequests) run()
    else waiting.push(run)
  })
}

function send({ method, path, data, header }) {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        wx.request({
          url: baseUrl() + path,
          method,
          data,
          header: Object.assign({ 'content-type': 'application/json' }, header),
          success: (res) => resolve({ status: res.statusCode, body: res.data }),
          fail: () => reject(new ApiError(0, null, true)),
        })
      })
  )
}

function sendFile({ path, filePath, name, formData, header }) {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        wx.uploadFile({
          url: baseUrl() + path,
          filePath,
          name,
          formData,
          header,
          // uploadFile hands back the body as a string.
          success: (res) => resolve({ status: res.statusCode, body: parseBody(res.data) }),
          fail: () => reject(new ApiError(0, null, true)),
        })
      })
  )
}

function parseBody(text) {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch (e) {
    return { detail: '' }
  }
}

// --- identity ------------------------------------------------------------------------------
let loggingIn = null

function wxLogin() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res.code ? resolve(res.code) : reject(new ApiError(0, null, true))),
      fail: () => reject(new ApiError(0, null, true)),
    })
  })
}

// One login at a time, however many calls found the token missing or expired.
function login() {
  if (!loggingIn) {
    loggingIn = wxLogin()
      .then((code) => send({ method: 'POST', path: '/api/v1/auth/wechat', data: { code } }))
      .then(({ status, body }) => {
        if (status < 200 || status >= 300) throw new ApiError(status, body)
        wx.setStorageSync(TOKEN, body.token)
        wx.setStorageSync(PERSON, body.person)
        return body.token
      })
      .then(
        (token) => {
          loggingIn = null
          return token
        },
        (err) => {
          loggingIn = null
          throw err
        }
      )
  }
  return loggingIn
}

async function authorized(call, renewed) {
  const token = wx.getStorageSync(TOKEN) || (await login())
  const res = await call({ Authorization: `Bearer ${token}` })
  if (res.status === 401 && !renewed) {
    wx.removeStorageSync(TOKEN)
    await login()
    return authorized(call, true)
  }
  if (res.status >= 200 && res.status < 300) return res.body
  throw new ApiError(res.status, res.body)
}

// --- showing errors ------------------------------------------------------------------------
function showError(err) {
  const message = (err && err.message) || '出了点问题，请稍后再试'
  // A modal stays until tapped: easier to read for older users than a toast.
  wx.showModal({ title: '提示', content: message, showCancel: false, confirmText: '知道了' })
}

function toast(title) {
  wx.showToast({ title, icon: 'none', duration: 2500 })
}

// --- calls ---------------------------------------------------------------------------------
// request({method, path, data, quiet}) → the parsed body of a 2xx answer, or throws ApiError
// (shown to the user unless quiet).
async function request({ method = 'GET', path, data, header, quiet = false }) {
  if (method === 'GET' && data) data = withoutBlanks(data) // `status=` would not be "any status"
  try {
    return await authorized((auth) =>
      send({ method, path, data, header: Object.assign({}, header, auth) })
    )
  } catch (err) {
    if (!quiet) showError(err)
    throw err
  }
}

function withoutBlanks(data) {
  const out = {}
  Object.keys(data).forEach((k) => {
    if (data[k] !== undefined && data[k] !== null && data[k] !== '') out[k] = data[k]
  })
  return out
}

const get = (path, data, opts) => request(Object.assign({ method: 'GET', path, data }, opts))
const post = (path, data, opts) => request(Object.assign({ method: 'POST', path, data }, opts))
// wx.request has no PATCH: a POST carrying `X-HTTP-Method-Override: PATCH` is the PATCH on the server.
const patch = (path, data, opts = {}) =>
  request(
    Object.assign({}, opts, {
      method: 'POST',
      path,
      data,
      header: Object.assign({}, opts.header, { 'X-HTTP-Method-Override': 'PATCH' }),
    })
  )

// upload({filePath, kind}) → the media record {id, kind, …}.
async function upload({ filePath, kind, quiet = false }) {
  try {
    return await authorized((auth) =>
      sendFile({ path: '/api/v1/media', filePath, name: 'file', formData: { kind }, header: auth })
    )
  } catch (err) {
    if (!quiet) showError(err)
    throw err
  }
}

// download(path) → a local temp file of the bytes (media: the server answers with a redirect to an
// expiring link, which downloadFile follows; <audio>/<image> could not send the token themselves).
async function download(path, { quiet = false } = {}) {
  try {
    return await authorized(
      (auth) =>
        limited(
          () =>
            new Promise((resolve, reject) => {
              wx.downloadFile({
                url: baseUrl() + path,
                header: auth,
                success: (res) => resolve({ status: res.statusCode, body: res.tempFilePath }),
                fail: () => reject(new ApiError(0, null, true)),
              })
            })
        )
    )
  } catch (err) {
    if (!quiet) showError(err)
    throw err
  }
}

module.exports = {
  ApiError,
  request,
  get,
  post,
  patch,
  upload,
  download,
  login,
  showError,
  toast,
  person: () => wx.getStorageSync(PERSON) || null,
  logout: () =>
    post('/api/v1/auth/logout', {}, { quiet: true })
      .catch(() => null)
      .then(() => {
        wx.removeStorageSync(TOKEN)
        wx.removeStorageSync(PERSON)
      }),
}
