// Choosing what to book: a service, then a day and a free slot at the counter, or the reason and
// address for a home visit. Shared by 我要办事 (the villager) and 代办预约 (the 村警).
const api = require('../utils/api.js')
const dates = require('../utils/dates.js')

module.exports = Behavior({
  data: { services: [], service: null, days: [], day: '', slots: [], slotId: '', address: '', reason: '', booked: '' },
  methods: {
    async loadServices() {
      this.setData({ days: dates.nextDays(Date.now()) })
      try {
        const list = await api.get('/api/v1/appointment-services')
        this.setData({ services: list.items })
      } catch (err) {
        // shown by api
      }
    },
    pickService(e) {
      const found = this.data.services.find((s) => s.id === e.currentTarget.dataset.id)
      const service = Object.assign({}, found, { bring: found.what_to_bring.join('、') })
      this.setData({ service, day: '', slots: [], slotId: '', reason: '', address: '', booked: '' })
    },
    unpickService() {
      this.setData({ service: null })
    },
    async pickDay(e) {
      const day = e.currentTarget.dataset.value
      this.setData({ day, slotId: '' })
      try {
        const list = await api.get(`/api/v1/appointment-services/${this.data.service.id}/slots`, { date: day })
        this.setData({
          slots: list.items.map((s) => ({ id: s.id, time: `${s.start}-${s.end}`, free: s.free, bookable: s.bookable })),
        })
      } catch (err) {
        this.setData({ slots: [] })
      }
    },
    pickSlot(e) {
      const slot = this.data.slots.find((s) => s.id === e.currentTarget.dataset.id)
      if (slot && slot.bookable) this.setData({ slotId: slot.id })
    },
    onAddress(e) {
      this.setData({ address: e.detail.value })
    },
    onReason(e) {
      this.setData({ reason: e.detail.value })
    },
    // The booking's fields for POST /appointments, or null (and a hint) when something is missing.
    bookingData() {
      const s = this.data.service
      const data = { service_id: s.id }
      if (s.home_visit) {
        if (!this.data.reason.trim()) return api.toast('请说明为什么需要上门') || null
        data.reason = this.data.reason.trim()
        if (this.data.address.trim()) data.address = this.data.address.trim()
      } else {
        if (!this.data.slotId) return api.toast('请选择时间') || null
        data.slot_id = this.data.slotId
      }
      return data
    },
  },
})
