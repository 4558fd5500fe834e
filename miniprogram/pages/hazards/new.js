// 登记隐患: what kind, hold to talk and photos, one line saying what it is, where (a household —
// one of the visit's when it comes from a visit, else found by address or the head's name — or a
// place of my area), and a first judgement of how serious. Opened from a visit
// (`?visit_id=`) it names the visit, so the hazard and the visit are linked both ways.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const events = require('../../utils/events.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const location = require('../../utils/location.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const KINDS = [
  { value: 'housing', name: '房屋' },
  { value: 'fire', name: '消防' },
  { value: 'traffic', name: '交通' },
  { value: 'geological', name: '地质灾害' },
  { value: 'electrical', name: '用电' },
  { value: 'gas', name: '燃气' },
  { value: 'water', name: '水域' },
  { value: 'other', name: '其他' },
]
const GRADES = [
  { value: 'general', name: '一般' },
  { value: 'major', name: '较大' },
  { value: 'severe', name: '重大' },
]

function householdsOf(items) {
  const short = gov.shortAddresses(items.map((h) => h.address))
  return items.map((h, i) => ({ id: h.id, head: h.head_name, address: h.address, short: short[i] }))
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    kinds: KINDS,
    grades: GRADES,
    kind: '',
    grade: 'general',
    title: '',
    description: '',
    visit: null,
    caseId: '',
    households: [],
    householdId: '',
    q: '',
    searched: false,
    atPlace: false,
    areas: [],
    areaId: '',
    placeText: '',
    where: null,
    sending: false,
    waiting: false,
    created: null,
  },
  lifetimes: {
    attached() {
      this.unlisten = events.on('submitted', ({ draftId, body }) => {
        if (draftId === action.draftOf(this, 'hazard')) this.reported(body)
      })
    },
    detached() {
      if (this.unlisten) this.unlisten()
    },
  },
  methods: {
    async onLoad(options = {}) {
      this.setData({ caseId: options.case_id || '' })
      await this.loadAreas()
      if (options.visit_id) await this.loadVisit(options.visit_id)
    },
    async loadAreas() {
      try {
        const who = await gov.whoAmI()
        const areas = gov.uniqueById(who.areas)
        this.setData({ areas, areaId: areas.length === 1 ? areas[0].id : '' })
      } catch (err) {
        // shown by api
      }
    },
    // From a visit: its households to choose from (the only one already chosen).
    async loadVisit(id) {
      try {
        const v = await api.get(`/api/v1/visits/${id}`)
        const households = householdsOf(v.households)
        this.setData({
          visit: { id: v.id, area: v.area.name, when: format.when(v.visited_at), topics: v.topic_names.join('、') },
          households,
          householdId: households.length === 1 ? households[0].id : '',
          atPlace: !households.length,
          areas: households.length ? this.data.areas : [{ id: v.area.id, name: v.area.name }],
          areaId: households.length ? this.data.areaId : v.area.id,
        })
      } catch (err) {
        // shown by api
      }
    },
    pickKind(e) {
      this.setData({ kind: e.currentTarget.dataset.value })
    },
    pickGrade(e) {
      this.setData({ grade: e.currentTarget.dataset.value })
    },
    onTitle(e) {
      this.setData({ title: e.detail.value })
    },
    onDescription(e) {
      this.setData({ description: e.detail.value })
    },
    onQuery(e) {
      this.setData({ q: e.detail.value })
    },
    async search() {
      const q = this.data.q.trim()
      if (!q) return api.toast('请输入门牌地址或户主姓名')
      try {
        const page = await api.get('/api/v1/households', { q, limit: 20 })
        this.setData({ households: householdsOf(page.items), searched: true, householdId: '' })
      } catch (err) {
        // shown by api
      }
      return null
    },
    pickHousehold(e) {
      this.setData({ householdId: e.currentTarget.dataset.id, atPlace: false })
    },
    usePlace() {
      this.setData({ atPlace: true, householdId: '' })
    },
    useHousehold() {
      this.setData({ atPlace: false })
    },
    pickArea(e) {
      this.setData({ areaId: e.currentTarget.dataset.id })
    },
    onPlace(e) {
      this.setData({ placeText: e.detail.value })
    },
    async addLocation() {
      const where = await location.here()
      if (!where) return api.toast('没有拿到位置，可以不填')
      this.setData({ where })
      return null
    },
    // A line saying what it is: the one typed, else the kind at the household ("胡志高家房屋隐患").
    titleLine() {
      const typed = this.data.title.trim()
      if (typed) return typed
      const kind = KINDS.find((k) => k.value === this.data.kind).name
      const h = this.data.households.find((x) => x.id === this.data.householdId)
      return h ? `${h.short}${kind}隐患` : `${this.data.placeText.trim()}${kind}隐患`.slice(0, 100)
    },
    payload() {
      const data = {
        kind: this.data.kind,
        grade: this.data.grade,
        title: this.titleLine(),
        description: this.data.description.trim(),
        media_ids: this.mediaIds(),
      }
      if (this.data.atPlace) {
        data.area_id = this.data.areaId
        data.place = this.data.placeText.trim()
      } else data.household_id = this.data.householdId
      if (this.data.visit) data.visit_id = this.data.visit.id
      if (this.data.caseId) data.case_id = this.data.caseId
      if (this.data.where) data.location = this.data.where
      return data
    },
    async send() {
      if (this.data.sending) return null
      if (!this.data.kind) return api.toast('请先选择是什么隐患')
      if (this.data.uploading) return api.toast('照片或语音还在上传，请稍等')
      if (!this.data.atPlace && !this.data.householdId) return api.toast('请选择隐患在哪一户，或写明地点')
      if (this.data.atPlace && (!this.data.areaId || !this.data.placeText.trim())) return api.toast('请选择村或网格，并写明地点')
      const hazard = await action.send(this, 'hazard', { path: '/api/v1/hazards', data: this.payload() }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (hazard) this.reported(hazard)
      return null
    },
    reported(hazard) {
      action.forget(this, 'hazard')
      this.setData({
        sending: false,
        waiting: false,
        created: { id: hazard.id, number: hazard.number, title: hazard.title, grade: hazard.grade_name, where: hazard.where },
      })
    },
    openHazard() {
      wx.redirectTo({ url: `/pages/hazards/detail?id=${this.data.created.id}` })
    },
  },
})
