// 改时间 for a counter booking: choose another day and a free slot of the same service, confirm in
// words, send POST /appointments/{id}/reschedule {slot_id}. The page lists its bookings with
// data-id / data-service / data-slot / data-when / data-name on the 改时间 button and reloads them
// in afterMove(). Staff moving a villager's booking (上门服务) also pass data-person: the
// confirmation then names the villager and says they will be told, and an optional reason
// (moveReason, bound with onMoveReason) goes with the move into the villager's notice.
const api = require('../utils/api.js')
const action = require('../utils/action.js')
const dates = require('../utils/dates.js')

module.exports = Behavior({
  data: { moving: '', moveDays: [], moveDay: '', moveSlots: [], moveSlotId: '', moveBusy: false, moved: '', moveReason: '' },
  methods: {
    startMove(e) {
      const d = e.currentTarget.dataset
      this.moveFrom = { id: d.id, serviceId: d.service, slotId: d.slot, when: d.when, name: d.name, person: d.person || '' }
      this.setData({ moving: d.id, moveDays: dates.nextDays(Date.now()), moveDay: '', moveSlots: [], moveSlotId: '', moved: '', moveReason: '' })
    },
    stopMove() {
      this.setData({ moving: '', moveSlotId: '' })
    },
    onMoveReason(e) {
      this.setData({ moveReason: e.detail.value })
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
      const content = from.person
        ? `把${from.person}的“${from.name}”从 ${from.when} 改到 ${to}，会通知${from.person}。确定吗？`
        : `把“${from.name}”从 ${from.when} 改到 ${to}，确定吗？`
      wx.showModal({
        title: '改时间',
        content,
        confirmText: '确定改',
        cancelText: '不改了',
        success: (r) => {
          if (r.confirm) this.submitMove(from.id, slot.id, to)
        },
      })
    },
    // One Idempotency-Key per (booking, new slot), kept until the server answers.
    async submitMove(id, slotId, to) {
      const reason = (this.data.moveReason || '').trim()
      const moved = await action.send(
        this,
        `reschedule-${id}-${slotId}`,
        { path: `/api/v1/appointments/${id}/reschedule`, data: reason ? { slot_id: slotId, reason } : { slot_id: slotId } },
        { busy: 'moveBusy', failed: () => this.loadMoveSlots() } // the slot may have filled meanwhile
      )
      if (!moved) return
      this.setData({ moving: '', moved: `已改到 ${to}` })
      await this.afterMove()
    },
  },
})
