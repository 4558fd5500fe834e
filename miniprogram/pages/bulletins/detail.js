// One bulletin, opened from its subscribe message (page=pages/bulletins/detail?id=…): large text,
// the voice version, and the read receipt.
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const media = require('../../utils/media.js')
const pageBehavior = require('../../behaviors/page.js')

Component({
  behaviors: [pageBehavior],
  data: { b: null, missing: false },
  methods: {
    async onLoad(options = {}) {
      try {
        const feed = await api.get('/api/v1/feed', { limit: 100 })
        const b = feed.items.find((item) => item.id === options.id)
        if (!b) return this.setData({ missing: true })
        this.setData({
          b: {
            id: b.id,
            category: b.category,
            title: b.title,
            body: b.body,
            important: b.important,
            withdrawn: b.withdrawn,
            voice: b.voice_media_id || '',
            when: format.when(b.published_at),
          },
        })
        if (!b.read_at) await api.post(`/api/v1/bulletins/${b.id}/read`, {}, { quiet: true }).catch(() => null)
      } catch (err) {
        // shown by api
      }
      return null
    },
    play() {
      return media.playVoice(this.data.b.voice).catch(() => null)
    },
  },
})
