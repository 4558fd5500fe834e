// 上门服务 for officers: the home visits (and counter bookings) assigned to me. A new request gets a
// day and an hour (confirm); a scheduled home visit can be moved to another day and hour (改时间,
// reschedule); after the visit it is marked done (complete) with what was done.
const api = require('../../utils/api.js')
const outbox = require('../../utils/outbox.js')
const format = require('../../utils/format.js')
const dates = require('../../utils/dates.js')
const pageBehavior = require('../../behaviors/page.js')

const HOURS = ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00']
const ORDER = { requested: 0, confirmed: 1, rescheduled: 1, completed: 2, cancelled: 3 }

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

function byUrgency(a, b) {
  return ORDER[a.status] - ORDER[b.status] || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)
}

Component({
  behaviors: [pageBehavior],
  data: { items: [], loaded: false, arranging: '', moving: false, days: [], hours: HOURS, day: '', hour: '', moveReason: '', busy: false },
  lifetimes: {
    attached() {
      this.drafts = {}
    },
  },
  methods: {
    async onLoad() {
      await this.refresh()
    },
    onShow() {
      if (this.data.loaded) this.refresh()
    },
    async refresh() {
      try {
        const page = await api.get('/api/v1/appointments', { scope: 'assigned', limit: 100 })
        this.setData({ items: page.items.map(visit).sort(byUrgency), loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    arrange(e) {
      const days = dates.nextDays(Date.now(), 6, 1) // from tomorrow
      this.setData({ arranging: e.currentTarget.dataset.id, moving: Boolean(e.currentTarget.dataset.move), days, day: days[0].value, hour: '', moveReason: '' })
    },
    stopArranging() {
      this.setData({ arranging: '', moving: false })
    },
    pickDay(e) {
      this.setData({ day: e.currentTarget.dataset.value })
    },
    pickHour(e) {
      this.setData({ hour: e.currentTarget.dataset.value })
    },
    onMoveReason(e) {
      this.setData({ moveReason: e.detail.value })
    },
    // Each action carries an Idempotency-Key kept until the server answers.
    async act(action, id, data, variant = '') {
      if (this.data.busy) return false
      const key = variant ? `${action}-${id}-${variant}` : `${action}-${id}`
      if (!this.drafts[key]) this.drafts[key] = outbox.newDraftId(`visit-${key}`)
      this.setData({ busy: true })
      try {
        await outbox.submit(this.drafts[key], { path: `/api/v1/appointments/${id}/${action}`, data })
        delete this.drafts[key]
        this.setData({ busy: false, arranging: '', moving: false })
        await this.refresh()
        return true
      } catch (err) {
        if (!err.kept) delete this.drafts[key]
        this.setData({ busy: false })
        api.showError({ message: outbox.message(err) })
        return false
      }
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
      const reason = (this.data.moveReason || '').trim()
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
