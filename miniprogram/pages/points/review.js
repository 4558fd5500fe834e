// 积分申报审核 (the village's 村警, the officers over it, the chief): the claims of my area waiting
// for a decision — who (name, village, address: on the claim itself), what (words, voice notes
// to play, photos — from the claim's expiring links), the day — approved with 1–50 points after a
// confirmation naming the person and the points, or rejected with a reason the claimant reads.
// Each decision goes through the outbox once (Idempotency-Key); one already decided by someone
// else (409) shows the server's words and the list is read again.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const format = require('../../utils/format.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

const STATUSES = [
  { value: 'pending', name: '待审核' },
  { value: 'approved', name: '已通过' },
  { value: 'rejected', name: '未通过' },
]
const CHOICES = [5, 10, 20, 30, 50]
const DEFAULT_POINTS = 10

// "上坊村 · 下坞1号"; an address that already names the village is shown alone.
function placeOf(c) {
  const village = c.village ? c.village.name : ''
  const address = c.household ? c.household.name : ''
  if (village && address.includes(village)) return address
  return [village, address].filter(Boolean).join(' · ')
}

function claimOf(c) {
  const media = c.media || []
  return {
    id: c.id,
    name: (c.person && c.person.name) || '申报人',
    place: placeOf(c),
    text: c.text,
    // What the confirmation quotes: the words, or that it was said by voice.
    summary: c.text || '语音、照片申报',
    images: media.filter((m) => m.kind === 'image' && m.url).map((m) => ({ id: m.id, url: m.url })),
    sounds: media
      .filter((m) => m.kind === 'voice' && m.url)
      .map((m) => ({ id: m.id, url: m.url, seconds: Math.round((m.duration_ms || 0) / 1000) })),
    day: c.happened_on ? dates.dayName(c.happened_on) : '',
    when: format.when(c.created_at),
    status: c.status,
    pending: c.status === 'pending',
    outcome: c.status === 'approved' ? `已通过，记 ${c.points} 分` : c.status === 'rejected' ? `未通过：${c.decision_reason || ''}` : '',
    pts: DEFAULT_POINTS,
    typed: '',
  }
}

Component({
  behaviors: [pageBehavior],
  data: { statuses: STATUSES, status: 'pending', choices: CHOICES, claims: [], next: '', loaded: false, busy: false },
  methods: {
    async onLoad() {
      await this.load()
    },
    async load() {
      try {
        const page = await api.get('/api/v1/points/claims', { scope: 'review', status: this.data.status, limit: 20 })
        this.setData({ claims: page.items.map(claimOf), next: page.next_cursor || '', loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    async more() {
      try {
        const page = await api.get('/api/v1/points/claims', { scope: 'review', status: this.data.status, limit: 20, cursor: this.data.next })
        this.setData({ claims: this.data.claims.concat(page.items.map(claimOf)), next: page.next_cursor || '' })
      } catch (err) {
        // shown by api
      }
    },
    pickStatus(e) {
      this.setData({ status: e.currentTarget.dataset.value, claims: [], next: '' })
      return this.load()
    },
    pickPoints(e) {
      const i = Number(e.currentTarget.dataset.index)
      this.setData({ [`claims[${i}].pts`]: Number(e.currentTarget.dataset.value), [`claims[${i}].typed`]: '' })
    },
    onPoints(e) {
      const i = Number(e.currentTarget.dataset.index)
      const n = parseInt(e.detail.value, 10)
      this.setData({ [`claims[${i}].typed`]: e.detail.value, [`claims[${i}].pts`]: Number.isNaN(n) ? 0 : n })
    },
    async approve(e) {
      const c = this.data.claims[Number(e.currentTarget.dataset.index)]
      if (!c || this.data.busy) return null
      if (!(c.pts >= 1 && c.pts <= 50)) return api.toast('分数要在 1 到 50 之间')
      const ok = await points.ask({ title: '通过申报', content: `给${c.name}记 ${c.pts} 分？（${c.summary.slice(0, 30)}）`, confirmText: '通过' })
      if (!ok) return null
      return this.decide(c, 'approve', { points: c.pts, note: '' }, '已通过')
    },
    async reject(e) {
      const c = this.data.claims[Number(e.currentTarget.dataset.index)]
      if (!c || this.data.busy) return null
      const reason = await points.askText({ title: '不通过的原因', placeholder: '申报人会看到，如：当天没有这件事的记录', confirmText: '不通过' })
      if (reason === null) return null
      if (!reason) return api.toast('请写明不通过的原因')
      return this.decide(c, 'reject', { reason }, '已设为不通过')
    },
    async decide(c, step, data, done) {
      const answer = await action.send(this, `${step}-${c.id}`, { path: `/api/v1/points/claims/${c.id}/${step}`, data }, {
        failed: (err) => (err.status === 409 ? this.load() : null),
      })
      if (!answer) return null
      api.toast(answer.status === 'approved' ? `已通过，记 ${answer.points} 分` : done)
      this.setData({ claims: this.data.claims.filter((x) => x.id !== c.id) })
      return null
    },
    preview(e) {
      const c = this.data.claims[Number(e.currentTarget.dataset.index)]
      const url = e.currentTarget.dataset.url
      wx.previewImage({ urls: c ? c.images.map((i) => i.url) : [url], current: url })
    },
    playSound(e) {
      const audio = wx.createInnerAudioContext()
      audio.src = e.currentTarget.dataset.url
      audio.play()
    },
  },
})
