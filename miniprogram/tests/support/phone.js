// A phone for the tests: the parts of `wx` the pages use, with wx.request / wx.uploadFile /
// wx.login going over real HTTP to the test server (Node's fetch, FormData, Blob). Storage,
// dialogs, navigation, the microphone, camera roll and GPS are this phone's own; what the pages
// showed is recorded so a test can read it. `phone.use()` puts this phone in the tester's hand.
const fs = require('fs')
const os = require('os')
const path = require('path')

const fetch = global.nodeFetch
const FormDataN = global.NodeFormData
const BlobN = global.NodeBlob

const config = require('../../config.js')

const FIXTURES = path.join(__dirname, '..', 'fixtures')
const networkListeners = []

function later(fn, ...args) {
  setTimeout(() => fn && fn(...args), 0)
}

function asyncApi(impl) {
  return (opts = {}) => {
    const promise = Promise.resolve()
      .then(() => impl(opts))
      .then(
        (res) => {
          later(opts.success, res)
          later(opts.complete, res)
          return res
        },
        (err) => {
          later(opts.fail, err)
          later(opts.complete, err)
          throw err
        }
      )
    if (opts.success || opts.fail || opts.complete) {
      promise.catch(() => null)
      return undefined
    }
    return promise
  }
}

function query(data) {
  if (!data || typeof data !== 'object') return ''
  const pairs = Object.keys(data)
    .filter((k) => data[k] !== undefined && data[k] !== null && data[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(data[k])}`)
  return pairs.length ? `?${pairs.join('&')}` : ''
}

async function parse(res) {
  const text = await res.text()
  const type = res.headers.get('content-type') || ''
  if (type.includes('json')) {
    try {
      return JSON.parse(text)
    } catch (e) {
      return text
    }
  }
  return text
}

class Phone {
  constructor(server, openid) {
    this.server = server
    this.openid = openid
    this.storage = new Map()
    this.modals = []
    this.toasts = []
    this.navigations = []
    this.phoneCalls = []
    this.subscribeRequests = []
    this.requests = []
    this.inflight = 0
    this.offline = false
    this.dropResponses = 0 // the next N answers are lost on the way back (server did the work)
    this.modalConfirms = true
    this.modalText = '' // what the user types into an editable modal
    this.location = { latitude: 29.6052, longitude: 119.0421 }
    this.chosenPlace = { name: '大墅村文化礼堂', address: '淳安县大墅镇大墅村', latitude: 29.6061, longitude: 119.0433 }
    this.mediaToChoose = [{ tempFilePath: path.join(FIXTURES, 'photo.jpg'), fileType: 'image', size: 2690 }]
    this.recording = { tempFilePath: path.join(FIXTURES, 'voice.mp3'), duration: 2000 }
    this.scanned = '' // what the camera reads off a QR (wx.scanCode); '' is the user backing out
    this.documents = [] // files handed to wx.openDocument
  }

  use() {
    config.baseUrl = this.server.url
    global.wx = Object.assign(global.wx || {}, this.api())
    return this
  }

  // Network toggles, as the OS reports them to every onNetworkStatusChange listener.
  setOnline(online) {
    this.offline = !online
    networkListeners.forEach((fn) => fn({ isConnected: online, networkType: online ? 'wifi' : 'none' }))
  }

  lastModal() {
    return this.modals[this.modals.length - 1] || null
  }

  lastNavigation() {
    return this.navigations[this.navigations.length - 1] || null
  }

  // Wait until every call this phone started has been answered and the pages had a moment.
  async settle(timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs
    let quiet = 0
    while (quiet < 3) {
      if (Date.now() > deadline) throw new Error('phone did not settle')
      await new Promise((r) => setTimeout(r, 15))
      quiet = this.inflight === 0 ? quiet + 1 : 0
    }
  }

  async http(method, url, init) {
    this.requests.push({ method, url })
    if (this.offline) throw { errMsg: 'request:fail network offline' }
    this.inflight += 1
    const started = Date.now()
    try {
      const res = await fetch(url, Object.assign({ method }, init))
      if (process.env.PHONE_DEBUG) console.log(new Date().toISOString(), method, url, res.status, Date.now() - started, 'ms')
      const data = await parse(res)
      if (this.dropResponses > 0) {
        this.dropResponses -= 1
        throw { errMsg: 'request:fail timeout' }
      }
      const header = {}
      res.headers.forEach((v, k) => (header[k] = v))
      return { statusCode: res.status, data, header, errMsg: 'request:ok' }
    } catch (err) {
      if (err && err.errMsg) throw err
      throw { errMsg: `request:fail ${err && err.message}` }
    } finally {
      this.inflight -= 1
    }
  }

  // downloadFile: follows redirects like WeChat, keeps the bytes in a temp file.
  async download(url, headers) {
    this.requests.push({ method: 'GET', url })
    if (this.offline) throw { errMsg: 'downloadFile:fail network offline' }
    this.inflight += 1
    try {
      const res = await fetch(url, { headers })
      const bytes = Buffer.from(await res.arrayBuffer())
      const file = path.join(os.tmpdir(), `jht-download-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`)
      fs.writeFileSync(file, bytes)
      return { statusCode: res.status, tempFilePath: file, errMsg: 'downloadFile:ok' }
    } catch (err) {
      throw { errMsg: `downloadFile:fail ${err && err.message}` }
    } finally {
      this.inflight -= 1
    }
  }

  api() {
    const phone = this
    const store = this.storage
    return {
      request(opts) {
        const method = (opts.method || 'GET').toUpperCase()
        const headers = Object.assign({}, opts.header)
        let url = opts.url
        const init = { headers }
        if (method === 'GET' || method === 'DELETE') url += query(opts.data)
        else if (opts.data !== undefined) {
          init.body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
        }
        phone.http(method, url, init).then(
          (res) => {
            later(opts.success, res)
            later(opts.complete, res)
          },
          (err) => {
            later(opts.fail, err)
            later(opts.complete, err)
          }
        )
        return { abort() {} }
      },
      uploadFile(opts) {
        const form = new FormDataN()
        Object.keys(opts.formData || {}).forEach((k) => form.append(k, String(opts.formData[k])))
        const bytes = fs.readFileSync(opts.filePath)
        const type = opts.filePath.endsWith('.mp3') ? 'audio/mpeg' : 'image/jpeg'
        form.append(opts.name, new BlobN([bytes], { type }), path.basename(opts.filePath))
        phone.http('POST', opts.url, { headers: Object.assign({}, opts.header), body: form }).then(
          (res) => {
            // WeChat hands uploadFile's body over as a string.
            const out = Object.assign({}, res, {
              data: typeof res.data === 'string' ? res.data : JSON.stringify(res.data),
              errMsg: 'uploadFile:ok',
            })
            later(opts.success, out)
            later(opts.complete, out)
          },
          (err) => {
            later(opts.fail, err)
            later(opts.complete, err)
          }
        )
        return { abort() {}, onProgressUpdate() {} }
      },
      downloadFile(opts) {
        phone
          .download(opts.url, Object.assign({}, opts.header))
          .then(
            (res) => {
              later(opts.success, res)
              later(opts.complete, res)
            },
            (err) => {
              later(opts.fail, err)
              later(opts.complete, err)
            }
          )
        return { abort() {}, onProgressUpdate() {} }
      },
      login: asyncApi(async () => {
        const res = await phone.http('POST', `${phone.server.url}/wechat-emulator/device/login`, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: phone.openid }),
        })
        if (res.statusCode !== 200) throw { errMsg: 'login:fail' }
        return { code: res.data.code, errMsg: 'login:ok' }
      }),
      getStorageSync: (k) => (store.has(k) ? JSON.parse(store.get(k)) : ''),
      setStorageSync: (k, v) => store.set(k, JSON.stringify(v === undefined ? null : v)),
      removeStorageSync: (k) => store.delete(k),
      onNetworkStatusChange: (fn) => networkListeners.push(fn),
      offNetworkStatusChange: (fn) => {
        const i = networkListeners.indexOf(fn)
        if (i >= 0) networkListeners.splice(i, 1)
      },
      showModal: asyncApi((opts) => {
        phone.modals.push({ title: opts.title, content: opts.content })
        const confirm = phone.modalConfirms
        const res = { confirm, cancel: !confirm, errMsg: 'showModal:ok' }
        if (opts.editable) res.content = phone.modalText
        return res
      }),
      showToast: asyncApi((opts) => {
        phone.toasts.push(opts.title)
        return { errMsg: 'showToast:ok' }
      }),
      showLoading: asyncApi(() => ({ errMsg: 'showLoading:ok' })),
      hideLoading: asyncApi(() => ({ errMsg: 'hideLoading:ok' })),
      navigateTo: asyncApi((opts) => {
        phone.navigations.push(opts.url)
        return { errMsg: 'navigateTo:ok' }
      }),
      redirectTo: asyncApi((opts) => {
        phone.navigations.push(opts.url)
        return { errMsg: 'redirectTo:ok' }
      }),
      navigateBack: asyncApi(() => {
        phone.navigations.push('back')
        return { errMsg: 'navigateBack:ok' }
      }),
      makePhoneCall: asyncApi((opts) => {
        phone.phoneCalls.push(opts.phoneNumber)
        return { errMsg: 'makePhoneCall:ok' }
      }),
      getLocation: asyncApi(() => Object.assign({ errMsg: 'getLocation:ok', accuracy: 30 }, phone.location)),
      chooseLocation: asyncApi(() => Object.assign({ errMsg: 'chooseLocation:ok' }, phone.chosenPlace)),
      chooseMedia: asyncApi(() => ({ type: 'image', tempFiles: phone.mediaToChoose.slice(), errMsg: 'chooseMedia:ok' })),
      previewImage: asyncApi(() => ({ errMsg: 'previewImage:ok' })),
      scanCode: asyncApi(() => {
        if (!phone.scanned) throw { errMsg: 'scanCode:fail cancel' }
        return { result: phone.scanned, scanType: 'QR_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' }
      }),
      openDocument: asyncApi((opts) => {
        phone.documents.push({ filePath: opts.filePath, fileType: opts.fileType })
        return { errMsg: 'openDocument:ok' }
      }),
      requestSubscribeMessage: asyncApi(async (opts) => {
        phone.subscribeRequests.push(opts.tmplIds)
        // The phone tells WeChat (the emulator) what the user accepted.
        await phone.http('POST', `${phone.server.url}/wechat-emulator/device/subscribe`, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: phone.openid, template_ids: opts.tmplIds, mode: 'once' }),
        })
        const res = { errMsg: 'requestSubscribeMessage:ok' }
        opts.tmplIds.forEach((id) => (res[id] = 'accept'))
        return res
      }),
      getRecorderManager: () => phone.recorder(),
      createInnerAudioContext: () => ({
        src: '',
        play() {
          phone.played = this.src
        },
        stop() {},
        destroy() {},
        onEnded() {},
        onError() {},
      }),
    }
  }

  recorder() {
    const phone = this
    if (!this._recorder) {
      const handlers = {}
      this._recorder = {
        started: null,
        start(opts) {
          this.started = opts
          later(handlers.start)
        },
        stop() {
          later(handlers.stop, Object.assign({}, phone.recording))
        },
        onStart: (fn) => (handlers.start = fn),
        onStop: (fn) => (handlers.stop = fn),
        onError: (fn) => (handlers.error = fn),
      }
    }
    return this._recorder
  }
}

module.exports = { Phone }
