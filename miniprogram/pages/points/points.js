// 我的积分: my balance (and the household's pooled points for its members), what I earned this
// month and how much each kind may still bring, and every entry with its reason in plain words.
// From here: 申报积分 (work nothing recorded), 兑换, 光荣榜. Staff earn no points (考评 instead).
const api = require('../../utils/api.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

Component({
  behaviors: [pageBehavior],
  data: {
    loaded: false,
    staff: false,
    balance: 0,
    household: null,
    monthLine: '',
    kinds: [],
    entries: [],
    next: '',
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
        const [me, page] = await Promise.all([api.get('/api/v1/points/me'), api.get('/api/v1/points/entries', { limit: 20 })])
        this.setData({
          loaded: true,
          staff: !!(api.person() || {}).is_staff,
          balance: me.balance,
          // The pool is what the household head may spend for the family: shown to its members.
          household: me.household_id && me.household_balance !== null ? { balance: me.household_balance } : null,
          monthLine:
            me.month_cap === null
              ? `本月已得 ${me.month_earned} 分`
              : `本月已得 ${me.month_earned} 分，还可得 ${me.month_left} 分（每月最多 ${me.month_cap} 分）`,
          kinds: me.kinds.map(points.kindLine),
          entries: page.items.map(points.entryOf),
          next: page.next_cursor || '',
        })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    async more() {
      try {
        const page = await api.get('/api/v1/points/entries', { limit: 20, cursor: this.data.next })
        this.setData({ entries: this.data.entries.concat(page.items.map(points.entryOf)), next: page.next_cursor || '' })
      } catch (err) {
        // shown by api
      }
    },
  },
})
