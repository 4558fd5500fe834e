// The 联户长's workbench: incidents pushed to me (accept / arrived / feedback happen on the case
// page), and who asked to join my households (approve / reject).
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')

function incident(c) {
  return {
    id: c.id,
    number: c.number,
    kind: c.kind_name || format.caseKind(c.kind),
    status: c.status,
    statusName: c.status_name || format.caseStatus(c.status),
    text: c.text,
    address: (c.location && c.location.address) || c.area_name || '',
    when: format.when(c.created_at),
    due: c.due_at ? format.when(c.due_at) : '',
    urgent: c.kind === 'alarm' || c.escalation_level > 0,
  }
}

function request(m) {
  return {
    id: m.id,
    name: m.person.name || '微信用户',
    relation: m.relation,
    address: m.household.address,
    when: format.when(m.created_at),
  }
}

Component({
  behaviors: [pageBehavior],
  data: { incidents: [], casesReady: true, requests: [], decided: [], unread: [] },
  methods: {
    async onLoad() {
      await Promise.all([this.loadIncidents(), this.loadRequests(), this.loadUnread()])
    },
    // Important bulletins that reached my households: which households nobody has read yet,
    // so I can knock on their door.
    async loadUnread() {
      try {
        const feed = await api.get('/api/v1/feed', { limit: 20 }, { quiet: true })
        const important = feed.items.filter((b) => b.important && !b.withdrawn).slice(0, 3)
        const unread = []
        for (const b of important) {
          const page = await api.get(`/api/v1/bulletins/${b.id}/unread-households`, { limit: 100 }, { quiet: true })
          unread.push({
            id: b.id,
            title: b.title,
            count: page.items.length,
            households: page.items.map((h) => ({ id: h.household_id, line: `${h.head_name}家 · ${h.address}` })),
          })
        }
        this.setData({ unread })
      } catch (err) {
        // no bulletins yet (or not on this server): the section stays empty
      }
    },
    onShow() {
      this.loadIncidents()
    },
    async loadIncidents() {
      try {
        const page = await api.get('/api/v1/cases', { scope: 'assigned', limit: 50 }, { quiet: true })
        const open = page.items.filter((c) => c.status !== 'closed' && c.status !== 'resolved')
        this.setData({ incidents: open.map(incident), casesReady: true })
      } catch (err) {
        this.setData({ casesReady: err.status !== 404 })
      }
    },
    async loadRequests() {
      try {
        const page = await api.get('/api/v1/memberships', { status: 'pending', limit: 50 })
        this.setData({ requests: page.items.map(request) })
      } catch (err) {
        // shown by api
      }
    },
    openCase(e) {
      wx.navigateTo({ url: `/pages/cases/detail?id=${e.currentTarget.dataset.id}` })
    },
    approve(e) {
      return this.decide(e.currentTarget.dataset.id, 'approve', '已同意')
    },
    reject(e) {
      const id = e.currentTarget.dataset.id
      wx.showModal({
        title: '不同意加入',
        content: '确定不同意这个申请吗？',
        success: (r) => {
          if (r.confirm) this.decide(id, 'reject', '已拒绝')
        },
      })
    },
    async decide(id, action, word) {
      const item = this.data.requests.find((r) => r.id === id)
      try {
        await api.post(`/api/v1/memberships/${id}/${action}`, {})
      } catch (err) {
        return
      }
      this.setData({
        requests: this.data.requests.filter((r) => r.id !== id),
        decided: [Object.assign({}, item, { result: word })].concat(this.data.decided),
      })
      api.toast(word)
    },
  },
})
