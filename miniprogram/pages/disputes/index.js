// 矛盾纠纷: the disputes of my area (or only those handed to me), newest first, by status; the
// level each reached (联户网格 / 村 / 镇 / 派出所) and an overdue 交办 are marked. 登记纠纷 opens
// the form.
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const dates = require('../../utils/dates.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')

const STATUSES = [
  { value: '', name: '全部' },
  { value: 'open', name: '已登记' },
  { value: 'assigned', name: '已交办' },
  { value: 'mediating', name: '调解中' },
  { value: 'settled', name: '已调解' },
  { value: 'failed', name: '调解不成' },
  { value: 'closed', name: '已结案' },
]

function row(d) {
  return {
    id: d.id,
    number: d.number,
    summary: d.summary,
    category: d.category_name,
    status: d.status,
    statusName: d.status_name,
    level: d.level_name,
    done: d.status === 'settled' || d.status === 'closed',
    village: d.village ? d.village.name : '',
    assignee: d.assignee ? `${d.assignee.title ? d.assignee.title + ' ' : ''}${d.assignee.name}` : '',
    deadline: d.deadline_at && !d.settled_at ? dates.dayName(gov.dateOf(d.deadline_at)) : '',
    overdue: !!d.overdue,
    when: format.when(d.created_at),
  }
}

Component({
  behaviors: [pageBehavior],
  data: { statuses: STATUSES, status: '', mine: false, overdue: false, items: [], next: '', loaded: false },
  methods: {
    async onLoad(options = {}) {
      this.setData({ mine: options.mine === 'true' })
      await this.load()
    },
    onShow() {
      if (this.data.loaded) this.load()
    },
    query(cursor) {
      return {
        status: this.data.status,
        assigned_to_me: this.data.mine ? 'true' : '',
        overdue: this.data.overdue ? 'true' : '',
        cursor,
        limit: 20,
      }
    },
    async load() {
      try {
        const page = await api.get('/api/v1/disputes', this.query(''))
        this.setData({ items: page.items.map(row), next: page.next_cursor || '', loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    async more() {
      if (!this.data.next) return
      try {
        const page = await api.get('/api/v1/disputes', this.query(this.data.next))
        this.setData({ items: this.data.items.concat(page.items.map(row)), next: page.next_cursor || '' })
      } catch (err) {
        // shown by api
      }
    },
    pickStatus(e) {
      this.setData({ status: e.currentTarget.dataset.value })
      return this.load()
    },
    toggleMine() {
      this.setData({ mine: !this.data.mine })
      return this.load()
    },
    toggleOverdue() {
      this.setData({ overdue: !this.data.overdue })
      return this.load()
    },
    open(e) {
      wx.navigateTo({ url: `/pages/disputes/detail?id=${e.currentTarget.dataset.id}` })
    },
  },
})
