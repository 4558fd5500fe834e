// Reporting: choose what it is, hold to talk, add photos and words, share the location after a
// tap, submit once (the Idempotency-Key survives a dropped connection), then offer
// "进展通知我" — a subscribe prompt, which WeChat only allows from a tap.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const events = require('../../utils/events.js')
const location = require('../../utils/location.js')
const subscribe = require('../../utils/subscribe.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const KINDS = [
  { value: 'hazard', name: '安全隐患' },
  { value: 'clue', name: '违法线索' },
  { value: 'dispute', name: '矛盾纠纷' },
  { value: 'help', name: '求助' },
  { value: 'consult', name: '咨询' },
  { value: 'sentiment', name: '意见建议' },
]

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    kinds: KINDS,
    kind: '',
    text: '',
    where: null,
    whereLine: '',
    sending: false,
    waiting: false,
    created: null,
    subscribed: false,
  },
  lifetimes: {
    attached() {
      // A submission kept on the phone may be acknowledged later (network back): show it here.
      this.unlisten = events.on('submitted', ({ draftId, body }) => {
        if (draftId === action.draftOf(this, 'case')) this.acknowledged(body)
      })
    },
    detached() {
      if (this.unlisten) this.unlisten()
    },
  },
  methods: {
    onLoad(options = {}) {
      if (options.kind) this.setData({ kind: options.kind })
    },
    pickKind(e) {
      this.setData({ kind: e.currentTarget.dataset.value })
    },
    onText(e) {
      this.setData({ text: e.detail.value })
    },
    async addLocation() {
      const where = await location.here()
      if (!where) return api.toast('没有拿到位置，可以不填')
      this.setData({ where, whereLine: '已添加我现在的位置' })
      return null
    },
    payload() {
      const data = { kind: this.data.kind, text: this.data.text.trim(), media_ids: this.mediaIds() }
      if (this.data.where) data.location = this.data.where
      return data
    },
    async send() {
      if (this.data.sending) return
      if (!this.data.kind) return api.toast('请先选择要上报什么')
      if (this.data.uploading) return api.toast('照片或语音还在上传，请稍等')
      const data = this.payload()
      if (!data.text && !data.media_ids.length) return api.toast('请说一段话、拍张照片或写几个字')
      // The same draft keeps its key (and body) until the server has answered.
      const created = await action.send(this, 'case', { path: '/api/v1/cases', data }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (created) this.acknowledged(created)
      return null
    },
    acknowledged(created) {
      action.forget(this, 'case')
      this.setData({
        sending: false,
        waiting: false,
        created: { id: created.id, number: created.number, notice: created.notice || '' },
      })
    },
    async notifyMe() {
      const ok = await subscribe.ask(['caseProgress'])
      this.setData({ subscribed: ok })
    },
    openCase() {
      wx.redirectTo({ url: `/pages/cases/detail?id=${this.data.created.id}` })
    },
  },
})
