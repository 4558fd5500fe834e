// 申报积分: good work nothing recorded (夜里送邻居去医院) — said by voice (hold to talk, as on 我要上报:
// many speak rather than type), photos, a few words if they like, the day it happened — sent once
// through the outbox (Idempotency-Key) to the village's 村警 or the area officer, who approve it
// with points or say why not. Any one of voice, photos or words is enough. Below, my claims and
// what became of them, my voice notes playable from the server's expiring links.
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

// "照片 1 张，语音 1 段" — what a claim brought besides its words.
function broughtLine(media) {
  const photos = media.filter((m) => m.kind === 'image').length
  const voices = media.filter((m) => m.kind === 'voice').length
  return [photos ? `照片 ${photos} 张` : '', voices ? `语音 ${voices} 段` : ''].filter(Boolean).join('，')
}

function claimOf(c) {
  let outcome = '等待村警或民警审核'
  if (c.status === 'approved') outcome = `已通过，记 ${c.points} 分${c.decision_reason ? '：' + c.decision_reason : ''}`
  if (c.status === 'rejected') outcome = `未通过：${c.decision_reason || ''}`
  const media = c.media || []
  return {
    id: c.id,
    text: c.text || '（语音、照片申报）',
    day: c.happened_on ? dates.dayName(c.happened_on) : '',
    brought: broughtLine(media),
    sounds: media
      .filter((m) => m.kind === 'voice' && m.url)
      .map((m) => ({ id: m.id, url: m.url, seconds: Math.round((m.duration_ms || 0) / 1000) })),
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
      if (this.data.uploading) return api.toast('照片或语音还在上传，请稍等')
      const data = { text: this.data.text.trim(), media_ids: this.mediaIds(), happened_on: this.data.day }
      if (!data.text && !data.media_ids.length) return api.toast('请说一段话、拍张照片或写几个字')
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
