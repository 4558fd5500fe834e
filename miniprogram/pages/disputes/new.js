// 登记纠纷: what kind of quarrel, hold to talk and photos, the parties (name, phone, side, their
// household when the visit went there), one line saying what it is about, where. Opened from a
// visit (`?visit_id=`) it names the visit (linked both ways) and offers its households.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const events = require('../../utils/events.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const CATEGORIES = [
  { value: 'neighbour', name: '邻里纠纷' },
  { value: 'land', name: '土地山林' },
  { value: 'homestead', name: '宅基地' },
  { value: 'family', name: '婚姻家庭' },
  { value: 'debt', name: '债务' },
  { value: 'labour', name: '劳资' },
  { value: 'traffic', name: '交通事故' },
  { value: 'other', name: '其他' },
]
const SIDES = ['申请人', '被申请人', '当事人']

let partyNo = 0

function party(side) {
  partyNo += 1
  return { key: `p${partyNo}`, name: '', phone: '', side, householdId: '' }
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    categories: CATEGORIES,
    sides: SIDES,
    category: '',
    summary: '',
    description: '',
    address: '',
    parties: [party('申请人'), party('被申请人')],
    visit: null,
    caseId: '',
    households: [],
    areas: [],
    areaId: '',
    sending: false,
    waiting: false,
    created: null,
  },
  lifetimes: {
    attached() {
      this.unlisten = events.on('submitted', ({ draftId, body }) => {
        if (draftId === action.draftOf(this, 'dispute')) this.recorded(body)
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
        this.setData({
          visit: { id: v.id, area: v.area.name, when: format.when(v.visited_at) },
          households: v.households.map((h, i) => ({ id: h.id, short: short[i], head: h.head_name })),
          areas: [{ id: v.area.id, name: v.area.name }],
          areaId: v.area.id,
        })
      } catch (err) {
        // shown by api
      }
    },
    pickCategory(e) {
      this.setData({ category: e.currentTarget.dataset.value })
    },
    pickArea(e) {
      this.setData({ areaId: e.currentTarget.dataset.id })
    },
    onSummary(e) {
      this.setData({ summary: e.detail.value })
    },
    onDescription(e) {
      this.setData({ description: e.detail.value })
    },
    onAddress(e) {
      this.setData({ address: e.detail.value })
    },
    // A party's field: data-index names the party, data-field the field.
    onParty(e) {
      const { index, field } = e.currentTarget.dataset
      this.setData({ [`parties[${index}].${field}`]: e.detail.value })
    },
    pickSide(e) {
      const { index, side } = e.currentTarget.dataset
      this.setData({ [`parties[${index}].side`]: side })
    },
    pickPartyHousehold(e) {
      const { index, id } = e.currentTarget.dataset
      const now = this.data.parties[index].householdId
      this.setData({ [`parties[${index}].householdId`]: now === id ? '' : id })
    },
    addParty() {
      if (this.data.parties.length >= 10) return api.toast('最多10位当事人')
      this.setData({ parties: this.data.parties.concat([party('当事人')]) })
      return null
    },
    removeParty(e) {
      const index = Number(e.currentTarget.dataset.index)
      this.setData({ parties: this.data.parties.filter((p, i) => i !== index) })
    },
    named() {
      return this.data.parties.filter((p) => p.name.trim())
    },
    // What it is about: the line typed, else "叶土根与叶春生土地山林纠纷".
    summaryLine() {
      const typed = this.data.summary.trim()
      if (typed) return typed
      const kind = CATEGORIES.find((c) => c.value === this.data.category).name.replace(/纠纷$/, '')
      return `${this.named()
        .map((p) => p.name.trim())
        .join('与')}${kind}纠纷`.slice(0, 200)
    },
    payload() {
      const data = {
        category: this.data.category,
        summary: this.summaryLine(),
        description: this.data.description.trim(),
        media_ids: this.mediaIds(),
        parties: this.named().map((p) => {
          const out = { name: p.name.trim(), side: p.side }
          if (p.phone.trim()) out.phone = p.phone.trim()
          if (p.householdId) out.household_id = p.householdId
          return out
        }),
      }
      if (this.data.areaId) data.area_id = this.data.areaId
      if (this.data.address.trim()) data.address = this.data.address.trim()
      if (this.data.visit) data.visit_id = this.data.visit.id
      if (this.data.caseId) data.case_id = this.data.caseId
      return data
    },
    async send() {
      if (this.data.sending) return null
      if (!this.data.category) return api.toast('请先选择是什么纠纷')
      if (!this.named().length) return api.toast('请至少写一位当事人的姓名')
      if (this.data.uploading) return api.toast('照片或语音还在上传，请稍等')
      const data = this.payload()
      if (!data.area_id && !data.parties.some((p) => p.household_id)) return api.toast('请选择纠纷在哪个村或网格')
      const dispute = await action.send(this, 'dispute', { path: '/api/v1/disputes', data }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (dispute) this.recorded(dispute)
      return null
    },
    recorded(d) {
      action.forget(this, 'dispute')
      this.setData({
        sending: false,
        waiting: false,
        created: { id: d.id, number: d.number, summary: d.summary, level: d.level_name, parties: d.parties.length },
      })
    },
    openDispute() {
      wx.redirectTo({ url: `/pages/disputes/detail?id=${this.data.created.id}` })
    },
  },
})
