// My reports, newest first, each with where it stands.
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')

function row(c) {
  return {
    id: c.id,
    number: c.number,
    kind: c.kind_name || format.caseKind(c.kind),
    status: c.status,
    statusName: c.status_name || format.caseStatus(c.status),
    text: c.text || '（语音或照片）',
    when: format.when(c.created_at),
    done: c.status === 'resolved' || c.status === 'closed',
  }
}

Component({
  behaviors: [pageBehavior],
  data: { items: [], loaded: false },
  methods: {
    async onLoad() {
      await this.refresh()
    },
    onShow() {
      if (this.data.loaded) this.refresh()
    },
    async refresh() {
      try {
        const page = await api.get('/api/v1/cases', { scope: 'mine', limit: 50 })
        this.setData({ items: page.items.map(row), loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    open(e) {
      wx.navigateTo({ url: `/pages/cases/detail?id=${e.currentTarget.dataset.id}` })
    },
  },
})
