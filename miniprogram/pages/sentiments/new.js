// 社情民意: what people said (诉求, 建议, 不稳定因素 …) — hold to talk first, a few topic tags, how
// urgent (an urgent one tells the area officer at once), whose household. Opened from a visit
// (`?visit_id=`) it names the visit and offers its households.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const events = require('../../utils/events.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const CATEGORIES = [
  { value: 'demand', name: '诉求' },
  { value: 'suggestion', name: '建议' },
  { value: 'complaint', name: '意见' },
  { value: 'instability', name: '不稳定因素' },
  { value: 'other', name: '其他' },
]
const TOPICS = ['土地', '环境', '治安', '民生', '交通', '用水', '用电', '养老', '就业']

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    categories: CATEGORIES,
    category: '',
    urgent: false,
    topics: TOPICS.map((name) => ({ name, on: false })),
    text: '',
    visit: null,
    households: [],
    householdId: '',
    areas: [],
    areaId: '',
    sending: false,
    waiting: false,
    created: null,
  },
  lifetimes: {
    attached() {
      this.unlisten = events.on('submitted', ({ draftId, body }) => {
        if (draftId === action.draftOf(this, 'sentiment')) this.recorded(body)
      })
    },
    detached() {
      if (this.unlisten) this.unlisten()
    },
  },
  methods: {
    async onLoad(options = {}) {
      this.caseId = options.case_id || ''
      if (options.visit_id) return this.loadVisit(options.visit_id)
      return this.loadAreas()
    },
    async loadAreas() {
      try {
        const areas = gov.uniqueById((await gov.whoAmI()).areas)
        this.setData({ areas, areaId: areas.length === 1 ? areas[0].id : '' })
      } catch (err) {
        // shown by api
      }
    },
    async loadVisit(id) {
      try {
        const v = await api.get(`/api/v1/visits/${id}`)
        const short = gov.shortAddresses(v.households.map((h) => h.address))
        const households = v.households.map((h, i) => ({ id: h.id, short: short[i], head: h.head_name }))
        this.setData({
          visit: { id: v.id, area: v.area.name, when: format.when(v.visited_at) },
          households,
          householdId: households.length === 1 ? households[0].id : '',
        })
      } catch (err) {
        // shown by api
      }
    },
    pickCategory(e) {
      this.setData({ category: e.currentTarget.dataset.value })
    },
    setUrgent(e) {
      this.setData({ urgent: e.currentTarget.dataset.value === 'yes' })
    },
    toggleTopic(e) {
      const name = e.currentTarget.dataset.name
      const on = this.data.topics.filter((t) => t.on).length
      const topics = this.data.topics.map((t) => (t.name === name ? Object.assign({}, t, { on: !t.on }) : t))
      if (topics.filter((t) => t.on).length > 5 && on === 5) return api.toast('最多选5个')
      this.setData({ topics })
      return null
    },
    pickHousehold(e) {
      const id = e.currentTarget.dataset.id
      this.setData({ householdId: this.data.householdId === id ? '' : id })
    },
    pickArea(e) {
      this.setData({ areaId: e.currentTarget.dataset.id })
    },
    onText(e) {
      this.setData({ text: e.detail.value })
    },
    payload() {
      const data = {
        category: this.data.category,
        urgency: this.data.urgent ? 'urgent' : 'normal',
        topics: this.data.topics.filter((t) => t.on).map((t) => t.name),
        text: this.data.text.trim(),
        media_ids: this.data.voices.map((v) => v.id).concat(this.data.photos.map((p) => p.id)),
      }
      if (this.data.visit) data.visit_id = this.data.visit.id
      if (this.data.householdId) data.household_id = this.data.householdId
      else if (!this.data.visit && this.data.areaId) data.area_id = this.data.areaId
      if (this.caseId) data.case_id = this.caseId
      return data
    },
    async send() {
      if (this.data.sending) return null
      if (!this.data.category) return api.toast('请先选择是哪一类')
      if (this.data.uploading) return api.toast('语音或照片还在上传，请稍等')
      const data = this.payload()
      if (!data.text && !data.media_ids.length) return api.toast('请说一段话，或写几个字')
      if (!data.visit_id && !data.household_id && !data.area_id) return api.toast('请选择是哪个村或网格的')
      const item = await action.send(this, 'sentiment', { path: '/api/v1/sentiments', data }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (item) this.recorded(item)
      return null
    },
    recorded(item) {
      action.forget(this, 'sentiment')
      this.setData({
        sending: false,
        waiting: false,
        created: { id: item.id, category: item.category_name, urgent: item.urgency === 'urgent', area: item.area.name },
      })
    },
    openItem() {
      wx.redirectTo({ url: `/pages/sentiments/detail?id=${this.data.created.id}` })
    },
  },
})
