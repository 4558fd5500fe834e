// 申报积分: good work nothing recorded (夜里送邻居去医院) — what I did, photos, the day it happened —
// sent once through the outbox (Idempotency-Key) to the village's 村警 or the area officer, who
// approve it with points or say why not. Below, my claims and what became of them.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const events = require('../../utils/events.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const DAY_NAMES = ['今天', '昨天', '前天']

// The last week, today first: [{value: '2026-12-03', name: '今天'}, {…, name: '12月1日'}, …]
function lastDays(nowMs, count = 7) {
  const out = []
  for (let i = 0; i < count; i += 1) {
    const value = dates.chinaDay(nowMs, -i)
    out.push({ value, name: DAY_NAMES[i] || dates.dayName(value) })
  }
  return out
}

function claimOf(c) {
  let outcome = '等待村警或民警审核'
  if (c.status === 'approved') outcome = `已通过，记 ${c.points} 分${c.decision_reason ? '：' + c.decision_reason : ''}`
  if (c.status === 'rejected') outcome = `未通过：${c.decision_reason || ''}`
  return {
    id: c.id,
    text: c.text,
    day: c.happened_on ? dates.dayName(c.happened_on) : '',
    photos: c.media_ids.length,
    status: c.status,
    outcome,
    when: format.when(c.created_at),
  }
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: { days: [], day: '', text: '', sending: false, waiting: false, sent: null, claims: [] },
  lifetimes: {
    attached() {
      this.unlisten = events.on('submitted', ({ draftId, body }) => {
        if (draftId === action.draftOf(this, 'claim')) this.claimed(body)
      })
    },
    detached() {
      if (this.unlisten) this.unlisten()
    },
  },
  methods: {
    async onLoad() {
      const days = lastDays(Date.now())
      this.setData({ days, day: days[0].value })
      await this.loadMine()
    },
    async loadMine() {
      try {
        const page = await api.get('/api/v1/points/claims', { scope: 'mine', limit: 20 })
        this.setData({ claims: page.items.map(claimOf) })
      } catch (err) {
        // shown by api
      }
    },
    onText(e) {
      this.setData({ text: e.detail.value })
    },
    pickDay(e) {
      this.setData({ day: e.currentTarget.dataset.value })
    },
    async send() {
      if (this.data.sending) return null
      const text = this.data.text.trim()
      if (!text) return api.toast('请写一写做了什么好事')
      if (this.data.uploading) return api.toast('照片还在上传，请稍等')
      const data = { text, media_ids: this.data.photos.map((p) => p.id), happened_on: this.data.day }
      const claim = await action.send(this, 'claim', { path: '/api/v1/points/claims', data }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (claim) this.claimed(claim)
      return null
    },
    claimed(claim) {
      action.forget(this, 'claim')
      this.clearMedia()
      this.setData({ sending: false, waiting: false, text: '', sent: claimOf(claim) })
      return this.loadMine()
    },
    another() {
      this.setData({ sent: null })
    },
  },
})
