// 隐患台账: the hazards of my area, newest first, filtered by status and grade (or only the
// overdue ones); an overdue rectification is marked, 重大 stands out. 登记隐患 opens the form.
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const dates = require('../../utils/dates.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')

const STATUSES = [
  { value: '', name: '全部' },
  { value: 'reported', name: '已登记' },
  { value: 'notified', name: '整改中' },
  { value: 'rectified', name: '待验收' },
  { value: 'accepted', name: '验收通过' },
  { value: 'closed', name: '已销号' },
]
const GRADES = [
  { value: '', name: '全部等级' },
  { value: 'severe', name: '重大' },
  { value: 'major', name: '较大' },
  { value: 'general', name: '一般' },
]

function row(h) {
  return {
    id: h.id,
    number: h.number,
    title: h.title,
    kind: h.kind_name,
    grade: h.grade,
    gradeName: h.grade_name,
    statusName: h.status_name,
    done: h.status === 'closed' || h.status === 'accepted',
    where: h.where,
    overdue: !!h.overdue,
    escalated: h.escalation_level > 0,
    deadline: h.deadline_at && h.status === 'notified' ? dates.dayName(gov.dateOf(h.deadline_at)) : '',
    when: format.when(h.created_at),
  }
}

Component({
  behaviors: [pageBehavior],
  data: { statuses: STATUSES, grades: GRADES, status: '', grade: '', overdue: false, items: [], next: '', loaded: false },
  methods: {
    async onLoad(options = {}) {
      this.setData({ status: options.status || '', overdue: options.overdue === 'true' })
      await this.load()
    },
    onShow() {
      if (this.data.loaded) this.load()
    },
    query(cursor) {
      return { status: this.data.status, grade: this.data.grade, overdue: this.data.overdue ? 'true' : '', cursor, limit: 20 }
    },
    async load() {
      try {
        const page = await api.get('/api/v1/hazards', this.query(''))
        this.setData({ items: page.items.map(row), next: page.next_cursor || '', loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    async more() {
      if (!this.data.next) return
      try {
        const page = await api.get('/api/v1/hazards', this.query(this.data.next))
        this.setData({ items: this.data.items.concat(page.items.map(row)), next: page.next_cursor || '' })
      } catch (err) {
        // shown by api
      }
    },
    pickStatus(e) {
      this.setData({ status: e.currentTarget.dataset.value })
      return this.load()
    },
    pickGrade(e) {
      this.setData({ grade: e.currentTarget.dataset.value })
      return this.load()
    },
    toggleOverdue() {
      this.setData({ overdue: !this.data.overdue })
      return this.load()
    },
    open(e) {
      wx.navigateTo({ url: `/pages/hazards/detail?id=${e.currentTarget.dataset.id}` })
    },
  },
})
