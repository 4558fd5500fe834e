// A simple bulletin composer for 村警 / 民警 / 所长: what, to whom (my areas, optionally only
// households with a tag), how many it reaches (audience preview), then publish. Beyond one's own
// villages the chief approves first. One draft per bulletin: a change after the preview edits it
// (PATCH, sent as a POST with X-HTTP-Method-Override, since wx.request has no PATCH).
const api = require('../../utils/api.js')
const pageBehavior = require('../../behaviors/page.js')

const CATEGORIES = ['反诈宣传', '风险提示', '平安建设', '法治宣传教育', '全民禁毒', '预防未成年人违法犯罪', '防邪宣传', '扫黑除恶']
const TAGS = ['独居老人', '空巢老人', '留守儿童', '残疾人']
const PUBLISH_ROLES = ['village_police', 'area_officer', 'chief', 'admin']

Component({
  behaviors: [pageBehavior],
  data: {
    categories: CATEGORIES,
    category: CATEGORIES[0],
    tags: [],
    tagChips: TAGS.map((name) => ({ name, on: false })), // WXML cannot call indexOf
    areas: [],
    areaId: '',
    title: '',
    body: '',
    important: false,
    preview: null,
    published: '',
    busy: false,
  },
  lifetimes: {
    attached() {
      this.draft = null // {id, fingerprint}
    },
  },
  methods: {
    async onLoad() {
      try {
        const me = await api.get('/api/v1/me')
        const seen = {}
        const areas = me.roles
          .filter((r) => PUBLISH_ROLES.includes(r.role) && !seen[r.area.id] && (seen[r.area.id] = true))
          .map((r) => ({ id: r.area.id, name: r.area.name }))
        this.setData({ areas, areaId: areas.length ? areas[0].id : '' })
      } catch (err) {
        // shown by api
      }
    },
    pickCategory(e) {
      this.setData({ category: e.currentTarget.dataset.value, preview: null })
    },
    pickArea(e) {
      this.setData({ areaId: e.currentTarget.dataset.id, preview: null })
    },
    toggleTag(e) {
      const tag = e.currentTarget.dataset.value
      const tags = this.data.tags.includes(tag) ? this.data.tags.filter((t) => t !== tag) : this.data.tags.concat([tag])
      this.setData({ tags, tagChips: TAGS.map((name) => ({ name, on: tags.includes(name) })), preview: null })
    },
    toggleImportant() {
      this.setData({ important: !this.data.important, preview: null })
    },
    onTitle(e) {
      this.setData({ title: e.detail.value, preview: null })
    },
    onBody(e) {
      this.setData({ body: e.detail.value, preview: null })
    },
    content() {
      const audience = { areas: [this.data.areaId] }
      if (this.data.tags.length) Object.assign(audience, { tags: this.data.tags, combine: 'intersect' })
      return {
        category: this.data.category,
        title: this.data.title.trim(),
        body: this.data.body.trim(),
        important: this.data.important,
        audience,
      }
    },
    async saveDraft() {
      const content = this.content()
      const fingerprint = JSON.stringify(content)
      if (this.draft && this.draft.fingerprint === fingerprint) return this.draft.id
      if (this.draft) {
        await api.patch(`/api/v1/bulletins/${this.draft.id}`, content)
        this.draft.fingerprint = fingerprint
        return this.draft.id
      }
      const created = await api.post('/api/v1/bulletins', content)
      this.draft = { id: created.id, fingerprint }
      return created.id
    },
    async showPreview() {
      if (!this.data.title.trim() || !this.data.body.trim()) return api.toast('请填写标题和内容')
      if (!this.data.areaId) return api.toast('您没有可发布的辖区')
      this.setData({ busy: true })
      try {
        const id = await this.saveDraft()
        const p = await api.post(`/api/v1/bulletins/${id}/audience-preview`, {})
        this.setData({ preview: p })
      } catch (err) {
        // shown by api
      }
      this.setData({ busy: false })
      return null
    },
    async publish() {
      if (!this.data.preview || !this.draft) return api.toast('请先看看会推送给多少人')
      this.setData({ busy: true })
      try {
        const b = await api.post(`/api/v1/bulletins/${this.draft.id}/publish`, {})
        const waiting = b.status === 'pending_approval'
        this.draft = null
        this.setData({ published: waiting ? '已提交，等待所长审批后发布' : '已发布，正在推送', preview: null, title: '', body: '' })
      } catch (err) {
        // shown by api
      }
      this.setData({ busy: false })
    },
  },
})
