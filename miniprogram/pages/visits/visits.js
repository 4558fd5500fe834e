// 上门服务 for officers: the home visits (and counter bookings) assigned to me. A new request gets a
// day and an hour (confirm); a scheduled home visit can be moved to another day and hour (改时间,
// reschedule); after the visit it is marked done (complete) with what was done. Below them, the
// counter bookings (到所办理) still to come in my area, each movable to another free slot when the
// villager asks (behaviors/reschedule.js; the server lets staff over the household's area do it
// and tells the villager).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const dates = require('../../utils/dates.js')
const pageBehavior = require('../../behaviors/page.js')
const rescheduleBehavior = require('../../behaviors/reschedule.js')

const HOURS = ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00']
const ORDER = { requested: 0, confirmed: 1, rescheduled: 1, completed: 2, cancelled: 3 }
const SCHEDULED = ['confirmed', 'rescheduled']

function visit(a) {
  return {
    id: a.id,
    service: a.service.name,
    homeVisit: a.home_visit,
    person: a.person.name,
    byPolice: a.on_behalf ? a.booked_by.name : '',
    status: a.status,
    statusName: a.status_name,
    waiting: a.status === 'requested',
    scheduled: a.status === 'confirmed' || a.status === 'rescheduled',
    when: a.scheduled_at ? format.when(a.scheduled_at) : '',
    at: a.scheduled_at || '',
    address: a.address || '',
    reason: a.reason || '',
    note: a.note || '',
  }
}

// A counter booking in my area, as its 改时间 button needs it (data-* for behaviors/reschedule.js).
function counterBooking(a) {
  return {
    id: a.id,
    service: a.service.name,
    serviceId: a.service.id,
    person: a.person.name,
    byPolice: a.on_behalf ? a.booked_by.name : '',
    statusName: a.status_name,
    slotId: a.slot.id,
    day: a.slot.date,
    start: a.slot.start,
    when: `${dates.dayName(a.slot.date)} ${a.slot.start}-${a.slot.end}`,
  }
}

// Still to come (from today, China time), soonest first.
function upcomingCounter(appointments, today) {
  return appointments
    .filter((a) => !a.home_visit && a.slot && a.slot.date >= today)
    .map(counterBooking)
    .sort((a, b) => (a.day + a.start < b.day + b.start ? -1 : a.day + a.start > b.day + b.start ? 1 : 0))
}

function byUrgency(a, b) {
  return ORDER[a.status] - ORDER[b.status] || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)
}

Component({
  behaviors: [pageBehavior, rescheduleBehavior],
  data: { items: [], counter: [], loaded: false, arranging: '', movingVisit: false, days: [], hours: HOURS, day: '', hour: '', visitReason: '', busy: false },
  methods: {
    async onLoad() {
      await Promise.all([this.refresh(), this.loadCounter()])
    },
    onShow() {
      if (this.data.loaded) Promise.all([this.refresh(), this.loadCounter()])
    },
    async refresh() {
      try {
        const page = await api.get('/api/v1/appointments', { scope: 'assigned', limit: 100 })
        this.setData({ items: page.items.map(visit).sort(byUrgency), loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    // The counter bookings in my area that still hold a time (confirmed or moved once already).
    async loadCounter() {
      try {
        const pages = await Promise.all(
          SCHEDULED.map((status) =>
            api.request({
              path: '/api/v1/appointments',
              // The server leaves out home visits and bookings whose time has passed.
              data: { scope: 'area', status, home_visit: false, upcoming: true, limit: 100 },
              quiet: true,
            })
          )
        )
        const all = pages.reduce((list, page) => list.concat(page.items), [])
        this.setData({ counter: upcomingCounter(all, dates.chinaDay(Date.now())) })
      } catch (err) {
        this.setData({ counter: [] }) // not staff over any area: nothing to show
      }
    },
    afterMove() {
      return this.loadCounter()
    },
    arrange(e) {
      const days = dates.nextDays(Date.now(), 6, 1) // from tomorrow
      this.setData({ arranging: e.currentTarget.dataset.id, movingVisit: Boolean(e.currentTarget.dataset.move), days, day: days[0].value, hour: '', visitReason: '' })
    },
    stopArranging() {
      this.setData({ arranging: '', movingVisit: false })
    },
    pickDay(e) {
      this.setData({ day: e.currentTarget.dataset.value })
    },
    pickHour(e) {
      this.setData({ hour: e.currentTarget.dataset.value })
    },
    onVisitReason(e) {
      this.setData({ visitReason: e.detail.value })
    },
    // Each step carries an Idempotency-Key kept until the server answers (utils/action.js).
    async act(step, id, data, variant = '') {
      const key = variant ? `visit-${step}-${id}-${variant}` : `visit-${step}-${id}`
      if (!(await action.send(this, key, { path: `/api/v1/appointments/${id}/${step}`, data }))) return false
      this.setData({ arranging: '', movingVisit: false })
      await this.refresh()
      return true
    },
    confirmVisit() {
      if (!this.data.hour) return api.toast('请选择几点上门')
      return this.act('confirm', this.data.arranging, { scheduled_at: dates.at(this.data.day, this.data.hour) })
    },
    // A new time for a scheduled home visit, after a confirmation that says from when to when.
    rescheduleVisit() {
      if (!this.data.hour) return api.toast('请选择几点上门')
      const id = this.data.arranging
      const item = this.data.items.find((v) => v.id === id)
      const at = dates.at(this.data.day, this.data.hour)
      const reason = (this.data.visitReason || '').trim()
      wx.showModal({
        title: '改上门时间',
        content: `${item.person}的上门时间从 ${item.when} 改到 ${dates.dayName(this.data.day)} ${this.data.hour}，会通知村民。确定吗？`,
        confirmText: '确定改',
        cancelText: '不改了',
        success: (r) => {
          if (r.confirm) this.act('reschedule', id, reason ? { scheduled_at: at, reason } : { scheduled_at: at }, at)
        },
      })
      return null
    },
    completeVisit(e) {
      const id = e.currentTarget.dataset.id
      wx.showModal({
        title: '办结',
        content: '',
        editable: true,
        placeholderText: '办理结果（可不写），如：已上门办好',
        confirmText: '办结',
        success: (r) => {
          if (!r.confirm) return
          const note = (r.content || '').trim()
          this.act('complete', id, note ? { note } : {})
        },
      })
    },
  },
})
