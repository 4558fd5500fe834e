// 村警 五件事: the month's 警情、代办、矛调、信息、宣防 counts. A 村警 sees their own; the chief, the
// admin and an area officer see their 村警 one row each, and a tap opens that 村警's month.
const api = require('../../utils/api.js')
const dates = require('../../utils/dates.js')
const pageBehavior = require('../../behaviors/page.js')

const SHORT = { incidents: '警情', errands: '代办', mediation: '矛调', information: '信息', publicity: '宣防' }

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

function police(w) {
  return {
    id: w.person.id,
    name: w.person.name,
    villages: w.villages.map((v) => v.name).join('、'),
    total: w.total,
    things: w.things.map((t) => ({
      key: t.key,
      name: t.name,
      short: SHORT[t.key] || t.name,
      count: t.count,
      parts: t.parts.map((p) => ({ key: p.key, line: `${p.name} ${p.count} 件` })),
    })),
  }
}

Component({
  behaviors: [pageBehavior],
  data: { months: [], month: '', monthName: '', personId: '', one: null, items: [], next: '', loaded: false },
  methods: {
    async onLoad(options = {}) {
      const list = months(Date.now())
      this.setData({ months: list, personId: options.person_id || '' })
      this.setMonth(options.month || list[0].value)
      await this.load()
    },
    async load() {
      try {
        const page = await api.get('/api/v1/work-summary', { person_id: this.data.personId, month: this.data.month })
        const items = page.items.map(police)
        const me = api.person()
        const mine = items.length === 1 && !page.next_cursor && me && items[0].id === me.id
        const one = this.data.personId || mine ? items[0] || null : null
        this.setData({ one, items: one ? [] : items, next: page.next_cursor || '', loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    async more() {
      try {
        const page = await api.get('/api/v1/work-summary', { month: this.data.month, cursor: this.data.next })
        this.setData({ items: this.data.items.concat(page.items.map(police)), next: page.next_cursor || '' })
      } catch (err) {
        // shown by api
      }
    },
    setMonth(month) {
      this.setData({ month, monthName: `${Number(month.slice(5))}月` })
    },
    pickMonth(e) {
      this.setMonth(e.currentTarget.dataset.value)
      return this.load()
    },
    open(e) {
      wx.navigateTo({ url: `/pages/work/work?person_id=${e.currentTarget.dataset.id}&month=${this.data.month}` })
    },
  },
})
