// Officers, the duty room and the chief: cases in my area, escalated and overdue ones marked and
// first; the duty room pushes a new incident to the nearest 联户长 by its location. Officers also
// get 待审核: cases whose content WeChat's check flagged (`scope=review`).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const review = require('../../utils/review.js')
const location = require('../../utils/location.js')
const pageBehavior = require('../../behaviors/page.js')

const FILTERS = [
  { value: '', name: '全部' },
  { value: 'assigned', name: '待接单' },
  { value: 'accepted', name: '已接单' },
  { value: 'on_site', name: '已到场' },
  { value: 'resolved', name: '已办结' },
]
const REVIEW = 'review' // not a status: the review queue (officers only)
const REVIEW_FILTER = { value: REVIEW, name: '待审核' }
const DISPATCH_KINDS = [
  { value: 'alarm', name: '报警' },
  { value: 'dispute', name: '纠纷' },
  { value: 'hazard', name: '隐患' },
  { value: 'help', name: '求助' },
]

function row(c, nowMs, reviewing) {
  const overdue = !!c.due_at && new Date(c.due_at).getTime() < nowMs && c.status !== 'resolved' && c.status !== 'closed'
  return {
    id: c.id,
    number: c.number,
    kind: c.kind_name || format.caseKind(c.kind),
    statusName: c.status_name || format.caseStatus(c.status),
    text: c.text || '（语音或照片）',
    place: (c.location && c.location.address) || c.area_name || '',
    assignee: c.assignee ? c.assignee.name : '未分派',
    when: format.when(c.created_at),
    level: c.escalation_level,
    overdue,
    urgent: c.kind === 'alarm',
    flagged: reviewing || c.review_status === 'flagged',
    rank: (c.escalation_level > 0 ? 4 : 0) + (overdue ? 2 : 0) + (c.kind === 'alarm' ? 1 : 0),
  }
}

Component({
  behaviors: [pageBehavior],
  data: {
    filters: FILTERS,
    status: '',
    reviewing: false,
    items: [],
    loaded: false,
    isDuty: false,
    kinds: DISPATCH_KINDS,
    dispatchOpen: false,
    summary: '',
    dispatchKind: 'alarm',
    place: null,
    dispatched: '',
  },
  methods: {
    async onLoad() {
      try {
        const me = await api.get('/api/v1/me')
        const reviewer = review.isReviewer(me.roles)
        this.setData({
          isDuty: me.roles.some((r) => r.role === 'duty_room' || r.role === 'chief'),
          filters: reviewer ? FILTERS.concat([REVIEW_FILTER]) : FILTERS,
        })
      } catch (err) {
        return
      }
      await this.refresh()
    },
    async refresh() {
      try {
        const reviewing = this.data.status === REVIEW
        const query = reviewing
          ? { scope: REVIEW, limit: 100 }
          : { scope: 'area', status: this.data.status, limit: 100 }
        const page = await api.get('/api/v1/cases', query)
        const nowMs = Date.now()
        const items = page.items.map((c) => row(c, nowMs, reviewing)).sort((a, b) => b.rank - a.rank)
        this.setData({ items, loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    pickFilter(e) {
      const status = e.currentTarget.dataset.value
      this.setData({ status, reviewing: status === REVIEW })
      return this.refresh()
    },
    open(e) {
      wx.navigateTo({ url: `/pages/cases/detail?id=${e.currentTarget.dataset.id}` })
    },
    openDispatch() {
      this.setData({ dispatchOpen: true, dispatched: '' })
    },
    onSummary(e) {
      this.setData({ summary: e.detail.value })
    },
    pickKind(e) {
      this.setData({ dispatchKind: e.currentTarget.dataset.value })
    },
    async choosePlace() {
      const place = await location.choose()
      if (place) this.setData({ place })
    },
    async dispatch() {
      const summary = this.data.summary.trim()
      if (!summary) return api.toast('请写警情摘要')
      if (!this.data.place) return api.toast('请选择地点')
      const c = await action.send(
        this,
        'dispatch',
        { path: '/api/v1/dispatches', data: { summary, kind: this.data.dispatchKind, location: this.data.place } },
        { busy: null }
      )
      if (!c) return null
      const who = c.assignee ? `已推送给联户长 ${c.assignee.name}` : '已推送'
      this.setData({ dispatchOpen: false, summary: '', place: null, dispatched: `${who}（编号 ${c.number}）` })
      await this.refresh()
      return null
    },
  },
})
