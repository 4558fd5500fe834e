// My in-app notifications; tapping one marks it read and opens what it is about.
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')

Component({
  behaviors: [pageBehavior],
  data: { items: [], loaded: false },
  methods: {
    async onLoad() {
      try {
        const page = await api.get('/api/v1/notifications', { limit: 50 })
        const items = page.items.map((n) => ({
          id: n.id,
          title: n.title,
          body: n.body,
          link: n.link || '',
          read: !!n.read_at,
          when: format.when(n.created_at),
        }))
        this.setData({ items, loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    async open(e) {
      const item = this.data.items.find((n) => n.id === e.currentTarget.dataset.id)
      if (!item.read) {
        api.post(`/api/v1/notifications/${item.id}/read`, {}, { quiet: true }).catch(() => null)
        this.setData({ items: this.data.items.map((n) => (n.id === item.id ? Object.assign({}, n, { read: true }) : n)) })
      }
      // The server writes links as WeChat pages do, without the leading slash.
      if (item.link) wx.navigateTo({ url: item.link.startsWith('/') ? item.link : `/${item.link}` })
    },
  },
})
