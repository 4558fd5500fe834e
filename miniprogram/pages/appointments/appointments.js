// 我要办事: book a counter slot, or ask an officer to come to the house; my bookings, cancellable,
// and a counter booking movable to another free slot (改时间; home-visit times are the officer's).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const dates = require('../../utils/dates.js')
const pageBehavior = require('../../behaviors/page.js')
const bookingBehavior = require('../../behaviors/booking.js')
const rescheduleBehavior = require('../../behaviors/reschedule.js')

const SCHEDULED = ['confirmed', 'rescheduled']

function booking(a) {
  return {
    id: a.id,
    service: a.service.name,
    statusName: a.status_name,
    status: a.status,
    when: a.slot ? `${a.slot.date} ${a.slot.start}-${a.slot.end}` : a.scheduled_at ? format.when(a.scheduled_at) : '等待民警安排时间',
    address: a.address || '',
    bring: (a.what_to_bring || []).join('、'),
    byPolice: a.on_behalf ? a.booked_by.name : '',
    cancellable: a.status === 'requested' || SCHEDULED.includes(a.status),
    serviceId: a.service.id,
    slotId: a.slot ? a.slot.id : '',
    slotWords: a.slot ? `${dates.dayName(a.slot.date)} ${a.slot.start}-${a.slot.end}` : '',
    movable: Boolean(a.slot) && !a.home_visit && SCHEDULED.includes(a.status),
    askOfficer: a.home_visit && SCHEDULED.includes(a.status),
  }
}

Component({
  behaviors: [pageBehavior, bookingBehavior, rescheduleBehavior],
  data: { mine: [], sending: false },
  methods: {
    async onLoad() {
      await Promise.all([this.loadServices(), this.loadMine()])
    },
    async loadMine() {
      try {
        const page = await api.get('/api/v1/appointments', { limit: 50 })
        this.setData({ mine: page.items.map(booking) })
      } catch (err) {
        // shown by api
      }
    },
    async book() {
      const data = this.bookingData()
      if (!data) return null
      const a = await action.send(this, 'appointment', { path: '/api/v1/appointments', data }, { busy: 'sending' })
      if (!a) return null
      this.setData({ service: null, booked: `已预约：${a.service.name}` })
      await this.loadMine()
      return null
    },
    afterMove() {
      return this.loadMine()
    },
    cancel(e) {
      const id = e.currentTarget.dataset.id
      wx.showModal({
        title: '取消预约',
        content: '确定取消这个预约吗？',
        success: async (r) => {
          if (!r.confirm) return
          const path = `/api/v1/appointments/${id}/cancel`
          if (await action.send(this, `cancel-${id}`, { path, data: {} }, { busy: null })) await this.loadMine()
        },
      })
    },
  },
})
