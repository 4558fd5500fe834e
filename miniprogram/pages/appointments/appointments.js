// 我要办事: book a counter slot, or ask an officer to come to the house; my bookings, cancellable.
const api = require('../../utils/api.js')
const outbox = require('../../utils/outbox.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')

const WEEKDAYS = '日一二三四五六'

// The next seven days in China time, as the chips show them and the API takes them.
function nextDays(nowMs) {
  const days = []
  for (let i = 0; i < 7; i += 1) {
    const t = new Date(nowMs + 8 * 3600 * 1000 + i * 86400000)
    const iso = t.toISOString().slice(0, 10)
    const name = i === 0 ? '今天' : i === 1 ? '明天' : `周${WEEKDAYS[t.getUTCDay()]}`
    days.push({ value: iso, name: `${name} ${t.getUTCMonth() + 1}/${t.getUTCDate()}` })
  }
  return days
}

function booking(a) {
  return {
    id: a.id,
    service: a.service.name,
    statusName: a.status_name,
    status: a.status,
    when: a.slot ? `${a.slot.date} ${a.slot.start}-${a.slot.end}` : a.scheduled_at ? format.when(a.scheduled_at) : '等待民警安排时间',
    address: a.address || '',
    bring: (a.what_to_bring || []).join('、'),
    cancellable: a.status === 'requested' || a.status === 'confirmed' || a.status === 'rescheduled',
  }
}

Component({
  behaviors: [pageBehavior],
  data: {
    services: [],
    service: null,
    days: [],
    day: '',
    slots: [],
    slotId: '',
    address: '',
    reason: '',
    mine: [],
    booked: '',
    sending: false,
  },
  methods: {
    async onLoad() {
      this.setData({ days: nextDays(Date.now()) })
      await Promise.all([this.loadServices(), this.loadMine()])
    },
    async loadServices() {
      try {
        const list = await api.get('/api/v1/appointment-services')
        this.setData({ services: list.items })
      } catch (err) {
        // shown by api
      }
    },
    async loadMine() {
      try {
        const page = await api.get('/api/v1/appointments', { limit: 50 })
        this.setData({ mine: page.items.map(booking) })
      } catch (err) {
        // shown by api
      }
    },
    pickService(e) {
      const found = this.data.services.find((s) => s.id === e.currentTarget.dataset.id)
      const service = Object.assign({}, found, { bring: found.what_to_bring.join('、') })
      this.setData({ service, day: '', slots: [], slotId: '', booked: '' })
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
    async book() {
      const s = this.data.service
      const data = { service_id: s.id }
      if (s.home_visit) {
        if (!this.data.reason.trim()) return api.toast('请说明为什么需要上门')
        data.reason = this.data.reason.trim()
        if (this.data.address.trim()) data.address = this.data.address.trim()
      } else {
        if (!this.data.slotId) return api.toast('请选择时间')
        data.slot_id = this.data.slotId
      }
      if (!this.draftId) this.draftId = outbox.newDraftId('appointment')
      this.setData({ sending: true })
      try {
        const a = await outbox.submit(this.draftId, { path: '/api/v1/appointments', data })
        this.draftId = ''
        this.setData({ sending: false, service: null, booked: `已预约：${a.service.name}` })
        await this.loadMine()
      } catch (err) {
        if (!err.kept) this.draftId = ''
        this.setData({ sending: false })
        api.showError({ message: outbox.message(err) })
      }
      return null
    },
    cancel(e) {
      const id = e.currentTarget.dataset.id
      wx.showModal({
        title: '取消预约',
        content: '确定取消这个预约吗？',
        success: async (r) => {
          if (!r.confirm) return
          try {
            await outbox.submit(outbox.newDraftId('cancel'), { path: `/api/v1/appointments/${id}/cancel`, data: {} })
            await this.loadMine()
          } catch (err) {
            api.showError({ message: outbox.message(err) })
          }
        },
      })
    },
  },
})
