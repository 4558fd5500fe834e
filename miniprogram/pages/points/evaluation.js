// 考评: the 村警's monthly sheets. A 村警 sees their own; the chief, the admin and area officers
// the sheets of the 村警 of their villages, for this month or the two before. The chief and the
// admin compute (or recompute the drafts of) the month's sheets from the records — the button
// shows when the server's list says can_compute; a tap opens a
// sheet (pages/points/sheet) with its items, the records behind each, confirmation and appeal.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

// This month and the two before it, in China time: [{value: '2026-12', name: '12月（本月）'}, …]
function months(nowMs) {
  const [y, m] = dates.chinaDay(nowMs).split('-').map(Number)
  const out = []
  for (let i = 0; i < 3; i += 1) {
    const month = ((m - 1 - i + 12) % 12) + 1
    const year = y - (m - 1 - i < 0 ? 1 : 0)
    out.push({ value: `${year}-${month < 10 ? '0' : ''}${month}`, name: `${month}月${i === 0 ? '（本月）' : ''}` })
  }
  return out
}

function sheetOf(s) {
  return {
    id: s.id,
    name: s.person.name,
    village: s.village ? s.village.name : '',
    score: points.score(s.score),
    status: s.status,
    statusName: s.status_name,
  }
}

// "共 44 张：待确认 40，申诉中 1" — what the chief still has to do this month, at a glance.
function tallyOf(sheets, more) {
  if (sheets.length < 2) return ''
  const by = {}
  sheets.forEach((s) => (by[s.statusName] = (by[s.statusName] || 0) + 1))
  const parts = Object.keys(by).map((k) => `${k} ${by[k]}`)
  return `${more ? '前' : '共'} ${sheets.length} 张：${parts.join('，')}`
}

Component({
  behaviors: [pageBehavior],
  data: { months: [], month: '', monthName: '', tally: '', sheets: [], next: '', loaded: false, computer: false, busy: false, computed: '' },
  methods: {
    async onLoad(options = {}) {
      const list = months(Date.now())
      // Last month's sheets are the ones to confirm and appeal; this month's are drafts so far.
      this.setData({ months: list })
      this.setMonth(options.month || list[1].value)
      await this.load()
    },
    setMonth(month) {
      this.setData({ month, monthName: `${Number(month.slice(5))}月`, computed: '' })
    },
    async load() {
      try {
        const page = await api.get('/api/v1/evaluations', { month: this.data.month, limit: 50 })
        const sheets = page.items.map(sheetOf)
        this.setData({ sheets, next: page.next_cursor || '', loaded: true, computer: !!page.can_compute, tally: tallyOf(sheets, !!page.next_cursor) })
      } catch (err) {
        this.setData({ sheets: [], next: '', loaded: true, computer: false, tally: '' })
      }
    },
    async more() {
      try {
        const page = await api.get('/api/v1/evaluations', { month: this.data.month, limit: 50, cursor: this.data.next })
        this.setData({ sheets: this.data.sheets.concat(page.items.map(sheetOf)), next: page.next_cursor || '' })
      } catch (err) {
        // shown by api
      }
    },
    pickMonth(e) {
      this.setMonth(e.currentTarget.dataset.value)
      return this.load()
    },
    // From the records as they stand: drafts are recomputed, confirmed sheets stay as they are.
    async compute() {
      const ok = await points.ask({
        title: '计算考评',
        content: `按记录计算${this.data.monthName}各村警的考评表？已确认的不会改动。`,
        confirmText: '计算',
      })
      if (!ok) return null
      const out = await action.send(this, `compute-${this.data.month}`, { path: '/api/v1/evaluations/compute', data: { month: this.data.month } })
      if (!out) return null
      const done = out.results.filter((r) => r.outcome !== 'skipped').length
      const kept = out.results.length - done
      this.setData({ computed: `已计算 ${done} 张${kept ? `，${kept} 张已确认未改动` : ''}` })
      await this.load()
      return null
    },
    open(e) {
      wx.navigateTo({ url: `/pages/points/sheet?id=${e.currentTarget.dataset.id}` })
    },
  },
})
