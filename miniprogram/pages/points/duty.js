// 值班表: the 村级治理中心's duty roster of a village for this month or the next. A 村警 sees the
// month's shifts, his own marked and counted, and on the day of his shift checks in with one big
// button (POST /duty-shifts/{id}/check-in: the server allows it to the one on duty, on the day);
// the chief, the admin or the village's 村警 put a 村警 of the village on a day from today on, and
// take a shift off before its day. Which villages, their 村警 and who may plan there come from
// GET /duty-shifts/villages; each shift says whether the reader may check in or remove it
// (can_check_in, can_remove) — the page shows only the buttons the server will honour.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const format = require('../../utils/format.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

const WEEKDAYS = '日一二三四五六'

// This month and the next, China time: [{value: '2026-12', name: '12月（本月）', last: '2026-12-31'}, …]
function months(nowMs) {
  const [y, m] = dates.chinaDay(nowMs).split('-').map(Number)
  return [0, 1].map((i) => {
    const month = ((m - 1 + i) % 12) + 1
    const year = y + (m - 1 + i >= 12 ? 1 : 0)
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
    const value = `${year}-${month < 10 ? '0' : ''}${month}`
    return { value, name: `${month}月${i === 0 ? '（本月）' : ''}`, last: `${value}-${last}` }
  })
}

function weekday(day) {
  return `周${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]}`
}

function shiftOf(s, meId) {
  return {
    id: s.id,
    day: s.day,
    dayName: `${dates.dayName(s.day)} ${weekday(s.day)}`,
    name: s.person.name,
    mine: s.person.id === meId,
    status: s.status,
    statusName: s.status_name,
    checkedAt: s.checked_in_at ? format.when(s.checked_in_at) : '',
    canCheckIn: !!s.can_check_in,
    canRemove: !!s.can_remove,
  }
}

// "12月我值班 3 天：已签到 1 天，待值班 2 天" — the 村警's own month at a glance.
function mineLine(shifts, monthName) {
  const mine = shifts.filter((s) => s.mine)
  if (!mine.length) return ''
  const by = {}
  mine.forEach((s) => (by[s.statusName] = (by[s.statusName] || 0) + 1))
  const parts = Object.keys(by).map((k) => `${k} ${by[k]} 天`)
  return `${monthName}我值班 ${mine.length} 天：${parts.join('，')}`
}

Component({
  behaviors: [pageBehavior],
  data: {
    villages: [], villageId: '', villageIndex: 0, villageName: '', canPlan: false, police: [],
    months: [], month: '', monthName: '', shifts: [], mine: '', todayShift: null, loaded: false,
    today: '', lastDay: '', planFor: '', planDay: '', planDayName: '', busy: false,
  },
  methods: {
    async onLoad(options = {}) {
      const list = months(Date.now())
      const today = dates.chinaDay(Date.now())
      this.setData({ months: list, today, lastDay: list[1].last })
      this.setPlanDay(today)
      this.setMonth(list[0].value)
      try {
        const page = await api.get('/api/v1/duty-shifts/villages', { limit: 100 })
        this.setData({ villages: page.items.map((v) => ({ id: v.id, name: v.name, police: v.police, canPlan: v.can_plan })) })
      } catch (err) {
        this.setData({ loaded: true })
        return
      }
      const first = this.data.villages.find((v) => v.id === options.village_id) || this.data.villages[0]
      if (first) await this.useVillage(first.id)
      else this.setData({ loaded: true })
    },
    setMonth(month) {
      this.setData({ month, monthName: `${Number(month.slice(5))}月` })
    },
    async useVillage(id) {
      const v = this.data.villages.find((x) => x.id === id)
      // A village with one 村警 (一村一警) needs no choice.
      this.setData({
        villageId: v.id,
        villageIndex: this.data.villages.indexOf(v),
        villageName: v.name,
        canPlan: v.canPlan,
        police: v.police,
        planFor: v.police.length === 1 ? v.police[0].id : '',
      })
      await this.load()
    },
    async load() {
      try {
        const page = await api.get('/api/v1/duty-shifts', { village_id: this.data.villageId, month: this.data.month, limit: 200 })
        const me = api.person()
        const shifts = page.items.map((s) => shiftOf(s, me ? me.id : ''))
        const todayShift = shifts.find((s) => s.mine && s.day === this.data.today) || null
        this.setData({ shifts, mine: mineLine(shifts, this.data.monthName), todayShift, loaded: true })
      } catch (err) {
        this.setData({ shifts: [], mine: '', todayShift: null, loaded: true })
      }
    },
    // A station has tens of villages: one picker, not a wall of chips.
    onVillage(e) {
      const v = this.data.villages[Number(e.detail.value)]
      return v ? this.useVillage(v.id) : null
    },
    pickMonth(e) {
      this.setMonth(e.currentTarget.dataset.value)
      return this.load()
    },
    async checkIn() {
      const s = this.data.todayShift
      if (!s || !s.canCheckIn) return null
      const done = await action.send(this, `check-in-${s.id}`, { path: `/api/v1/duty-shifts/${s.id}/check-in`, data: {} }, { failed: (err) => (err.status === 409 ? this.load() : null) })
      if (!done) return null
      api.toast('已签到')
      return this.load()
    },
    pickPolice(e) {
      this.setData({ planFor: e.currentTarget.dataset.id })
    },
    onPlanDay(e) {
      this.setPlanDay(e.detail.value)
    },
    setPlanDay(day) {
      const name = `${dates.dayName(day)} ${weekday(day)}`
      this.setData({ planDay: day, planDayName: day === this.data.today ? `今天 ${name}` : name })
    },
    async plan() {
      const who = this.data.police.find((p) => p.id === this.data.planFor)
      if (!who) return api.toast('请选择值班的村警')
      const day = this.data.planDay
      const data = { village_id: this.data.villageId, person_id: who.id, day }
      const done = await action.send(this, `plan-${data.village_id}-${who.id}-${day}`, { path: '/api/v1/duty-shifts', data })
      if (!done) return null
      api.toast(`已排班：${who.name} ${dates.dayName(day)}`)
      const month = this.data.months.find((m) => m.value === day.slice(0, 7))
      if (month) this.setMonth(month.value)
      return this.load()
    },
    async remove(e) {
      const s = this.data.shifts.find((x) => x.id === e.currentTarget.dataset.id)
      if (!s || !s.canRemove) return null
      const ok = await points.ask({ title: '删除班次', content: `不再安排${s.name}在${s.dayName}值班？`, confirmText: '删除' })
      if (!ok) return null
      try {
        await api.request({ method: 'DELETE', path: `/api/v1/duty-shifts/${s.id}` })
      } catch (err) {
        return this.load() // the server's words were shown
      }
      api.toast('已删除')
      return this.load()
    },
  },
})
