// 代办预约 for 村警: find the villager's household (by address or the head's name), choose the
// member, then book for them — a counter slot or a home visit — as the villager would themselves.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')
const bookingBehavior = require('../../behaviors/booking.js')

function done(a) {
  return {
    id: a.id,
    service: a.service.name,
    person: a.person.name,
    statusName: a.status_name,
    when: a.slot ? `${a.slot.date} ${a.slot.start}-${a.slot.end}` : a.scheduled_at ? format.when(a.scheduled_at) : '等待民警安排时间',
  }
}

Component({
  behaviors: [pageBehavior, bookingBehavior],
  data: { q: '', households: [], searched: false, household: null, members: [], member: null, mine: [], sending: false },
  methods: {
    async onLoad() {
      await Promise.all([this.loadServices(), this.loadMine()])
    },
    async loadMine() {
      try {
        const page = await api.get('/api/v1/appointments', { scope: 'mine', limit: 50 })
        this.setData({ mine: page.items.filter((a) => a.on_behalf).map(done) })
      } catch (err) {
        // shown by api
      }
    },
    onQuery(e) {
      this.setData({ q: e.detail.value })
    },
    async search() {
      const q = this.data.q.trim()
      if (!q) return api.toast('请输入门牌地址或户主姓名')
      try {
        const page = await api.get('/api/v1/households', { q, limit: 20 })
        const households = page.items.map((h) => ({ id: h.id, address: h.address, head: h.head_name }))
        this.setData({ households, searched: true, household: null, member: null, booked: '' })
      } catch (err) {
        // shown by api
      }
      return null
    },
    async pickHousehold(e) {
      try {
        const h = await api.get(`/api/v1/households/${e.currentTarget.dataset.id}`)
        const members = h.members
          .filter((m) => m.status === 'active')
          .map((m) => ({ id: m.person_id, name: m.name, relation: m.relation }))
        this.setData({ household: { id: h.id, address: h.address, head: h.head_name }, members, member: null })
      } catch (err) {
        // shown by api
      }
    },
    pickMember(e) {
      const member = this.data.members.find((m) => m.id === e.currentTarget.dataset.id)
      this.setData({ member, service: null })
    },
    startOver() {
      this.setData({ household: null, member: null, service: null, households: [], searched: false, q: '' })
    },
    async book() {
      const data = this.bookingData()
      if (!data) return null
      Object.assign(data, { person_id: this.data.member.id, household_id: this.data.household.id })
      const a = await action.send(this, 'proxy-appointment', { path: '/api/v1/appointments', data }, { busy: 'sending' })
      if (!a) return null
      this.startOver()
      this.setData({ booked: `已为 ${a.person.name} 代办：${a.service.name}` })
      await this.loadMine()
      return null
    },
  },
})
