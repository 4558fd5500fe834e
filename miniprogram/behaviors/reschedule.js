// 改时间 for a counter booking: choose another day and a free slot of the same service, confirm in
// words, send POST /appointments/{id}/reschedule {slot_id}. The page lists its bookings with
// data-id / data-service / data-slot / data-when on the 改时间 button and reloads them in afterMove().
const api = require('../utils/api.js')
const outbox = require('../utils/outbox.js')
const dates = require('../utils/dates.js')

module.exports = Behavior({
  data: { moving: '', moveDays: [], moveDay: '', moveSlots: [], moveSlotId: '', moveBusy: false, moved: '' },
  lifetimes: {
    attached() {
      this.moveDrafts = {}
    },
  },
  methods: {
    startMove(e) {
      const d = e.currentTarget.dataset
      this.moveFrom = { id: d.id, serviceId: d.service, slotId: d.slot, when: d.when, name: d.name }
      this.setData({ moving: d.id, moveDays: dates.nextDays(Date.now()), moveDay: '', moveSlots: [], moveSlotId: '', moved: '' })
    },
    stopMove() {
      this.setData({ moving: '', moveSlotId: '' })
    },
    async pickMoveDay(e) {
      const day = e.currentTarget.dataset.value
      this.setData({ moveDay: day, moveSlotId: '' })
      await this.loadMoveSlots()
    },
    async loadMoveSlots() {
      const from = this.moveFrom
      try {
        const list = await api.get(`/api/v1/appointment-services/${from.serviceId}/slots`, { date: this.data.moveDay })
        this.setData({
          moveSlots: list.items.map((s) => ({
            id: s.id,
            time: `${s.start}-${s.end}`,
            free: s.free,
            current: s.id === from.slotId,
            bookable: s.bookable && s.id !== from.slotId,
          })),
        })
      } catch (err) {
        this.setData({ moveSlots: [] })
      }
    },
    pickMoveSlot(e) {
      const slot = this.data.moveSlots.find((s) => s.id === e.currentTarget.dataset.id)
      if (slot && slot.bookable) this.setData({ moveSlotId: slot.id })
    },
    sendMove() {
      if (this.data.moveBusy) return
      const slot = this.data.moveSlots.find((s) => s.id === this.data.moveSlotId)
      if (!slot) return api.toast('请选择新的时间')
      const from = this.moveFrom
      const to = `${dates.dayName(this.data.moveDay)} ${slot.time}`
      wx.showModal({
        title: '改时间',
        content: `把“${from.name}”从 ${from.when} 改到 ${to}，确定吗？`,
        confirmText: '确定改',
        cancelText: '不改了',
        success: (r) => {
          if (r.confirm) this.submitMove(from.id, slot.id, to)
        },
      })
    },
    // One Idempotency-Key per (booking, new slot), kept until the server answers.
    async submitMove(id, slotId, to) {
      const key = `${id}-${slotId}`
      if (!this.moveDrafts[key]) this.moveDrafts[key] = outbox.newDraftId(`reschedule-${key}`)
      this.setData({ moveBusy: true })
      try {
        await outbox.submit(this.moveDrafts[key], {
          path: `/api/v1/appointments/${id}/reschedule`,
          data: { slot_id: slotId },
        })
        delete this.moveDrafts[key]
        this.setData({ moveBusy: false, moving: '', moved: `已改到 ${to}` })
        await this.afterMove()
      } catch (err) {
        if (!err.kept) delete this.moveDrafts[key]
        this.setData({ moveBusy: false })
        api.showError({ message: outbox.message(err) })
        await this.loadMoveSlots() // the slot may have filled meanwhile
      }
    },
  },
})
