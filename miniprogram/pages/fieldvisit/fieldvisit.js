// 走访登记 for 联户长, 村警, 辅警 and 民警: voice first (hold to talk is the first thing on the page:
// 工作台 → 走访登记 → 按住说话), then the households of the micro-grid — the 联户长's own, a 村警's
// picked among the village's micro-grids — with those nobody visited lately marked and first,
// the topics as large toggles, who was met, solved on the spot or not, what follows. Sent once
// through the outbox (one Idempotency-Key however often the network drops it); afterwards the
// finding — a hazard, a dispute, 社情民意 — opens its form with the visit already named.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const events = require('../../utils/events.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const location = require('../../utils/location.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')
const placesBehavior = require('../../behaviors/places.js')

const DAY_MS = 86400000

function householdRow(h, unvisited, days) {
  const row = { id: h.id, head: h.head_name, address: h.address, members: h.member_count || 0, on: false, stale: false, note: '' }
  if (Object.prototype.hasOwnProperty.call(unvisited, h.id)) {
    const last = unvisited[h.id]
    row.stale = true
    row.note = last ? `${Math.floor((Date.now() - new Date(last).getTime()) / DAY_MS)}天没人走访` : '从没走访过'
  } else if (days) {
    row.note = `${days}天内走访过`
  }
  return row
}

Component({
  behaviors: [pageBehavior, captureBehavior, placesBehavior],
  data: {
    topics: [],
    households: [],
    staleCount: 0,
    days: 30,
    met: '',
    text: '',
    followUp: '',
    solved: false,
    where: null,
    sending: false,
    waiting: false,
    created: null,
  },
  lifetimes: {
    attached() {
      this.unlisten = events.on('submitted', ({ draftId, body }) => {
        if (draftId === action.draftOf(this, 'visit')) this.recorded(body)
      })
    },
    detached() {
      if (this.unlisten) this.unlisten()
    },
  },
  methods: {
    async onLoad() {
      await Promise.all([this.loadTopics(), this.startPlaces('micro_grid')])
    },
    async loadTopics() {
      try {
        const { items } = await api.get('/api/v1/visits/topics')
        this.setData({ topics: items.map((t) => ({ code: t.code, name: t.name, on: false })) })
      } catch (err) {
        // shown by api
      }
    },
    // The micro-grid is chosen (behaviors/places.js): its households, the long-unvisited first.
    async placeChosen(area) {
      try {
        const [page, round] = await Promise.all([
          api.get('/api/v1/households', { area_id: area.id, limit: 200 }),
          api.get(`/api/v1/areas/${area.id}/unvisited`, { limit: 200 }),
        ])
        const unvisited = {}
        round.items.forEach((i) => (unvisited[i.household.id] = i.last_visited_at))
        const rows = page.items.map((h) => householdRow(h, unvisited, round.days))
        gov.shortAddresses(rows.map((r) => r.address)).forEach((a, i) => (rows[i].address = a))
        rows.sort((a, b) => Number(b.stale) - Number(a.stale))
        this.setData({ households: rows, staleCount: rows.filter((r) => r.stale).length, days: round.days })
      } catch (err) {
        // shown by api
      }
    },
    placeForgotten() {
      this.setData({ households: [], staleCount: 0 })
    },
    toggleHousehold(e) {
      const id = e.currentTarget.dataset.id
      this.setData({ households: this.data.households.map((h) => (h.id === id ? Object.assign({}, h, { on: !h.on }) : h)) })
    },
    toggleTopic(e) {
      const code = e.currentTarget.dataset.code
      this.setData({ topics: this.data.topics.map((t) => (t.code === code ? Object.assign({}, t, { on: !t.on }) : t)) })
    },
    onMet(e) {
      this.setData({ met: e.detail.value })
    },
    onText(e) {
      this.setData({ text: e.detail.value })
    },
    onFollowUp(e) {
      this.setData({ followUp: e.detail.value })
    },
    setSolved(e) {
      this.setData({ solved: e.currentTarget.dataset.value === 'yes' })
    },
    async addLocation() {
      const where = await location.here()
      if (!where) return api.toast('没有拿到位置，可以不填')
      this.setData({ where })
      return null
    },
    payload() {
      const household_ids = this.data.households.filter((h) => h.on).map((h) => h.id)
      const data = {
        household_ids,
        topics: this.data.topics.filter((t) => t.on).map((t) => t.code),
        met: this.data.met.trim(),
        text: this.data.text.trim(),
        // the voice first: it is what was heard
        media_ids: this.data.voices.map((v) => v.id).concat(this.data.photos.map((p) => p.id)),
        solved_on_spot: this.data.solved,
      }
      if (!household_ids.length && this.data.place) data.area_id = this.data.place.id
      if (this.data.followUp.trim()) data.follow_up = this.data.followUp.trim()
      if (this.data.where) data.location = this.data.where
      return data
    },
    async send() {
      if (this.data.sending) return null
      if (this.data.uploading) return api.toast('语音或照片还在上传，请稍等')
      const data = this.payload()
      if (!data.household_ids.length && !data.area_id) return api.toast('请选择走访了哪几户')
      if (!data.topics.length) return api.toast('请点选走访事项（可以选几项）')
      const visit = await action.send(this, 'visit', { path: '/api/v1/visits', data }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (visit) this.recorded(visit)
      return null
    },
    recorded(visit) {
      action.forget(this, 'visit')
      this.setData({
        sending: false,
        waiting: false,
        created: {
          id: visit.id,
          when: format.when(visit.visited_at),
          // the names as this page shows them (the visit's answer may mask them)
          households: this.data.households
            .filter((h) => h.on)
            .map((h) => h.head)
            .join('、'),
          count: visit.households.length,
          topics: visit.topic_names.join('、'),
        },
      })
    },
    // One call from the visit: the form opens with the visit named (its households to choose from).
    openFinding(e) {
      const form = e.currentTarget.dataset.form
      wx.navigateTo({ url: `/pages/${form}/new?visit_id=${this.data.created.id}` })
    },
    again() {
      this.clearMedia()
      this.setData({
        created: null,
        met: '',
        text: '',
        followUp: '',
        solved: false,
        where: null,
        topics: this.data.topics.map((t) => Object.assign({}, t, { on: false })),
        households: this.data.households.map((h) => Object.assign({}, h, { on: false })),
      })
    },
  },
})
