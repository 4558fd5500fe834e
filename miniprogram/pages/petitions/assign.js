// The chief hands a letter to an officer (交办): pick the officer — those over the letter's village
// first, the whole station on request (GET /staff) — and the day the sender must have an answer by.
const api = require('../../utils/api.js')
const dates = require('../../utils/dates.js')

const OFFICER_ROLES = 'area_officer,village_police,auxiliary_officer,duty_room'
const RANK = ['area_officer', 'village_police', 'auxiliary_officer', 'duty_room']
const WITHIN = [3, 7, 15]

function officer(s) {
  return { id: s.id, name: s.name, line: `${s.role_name} · ${s.area_name}`, rank: RANK.indexOf(s.role) }
}

module.exports = Behavior({
  data: { assignOpen: false, officers: [], wholeStation: false, assigneeId: '', deadlines: [], deadline: '', deadlineName: '', assignNote: '' },
  methods: {
    async openAssign() {
      const now = Date.now()
      const deadlines = WITHIN.map((n) => ({ value: dates.chinaDay(now, n), name: `${n}天内` }))
      this.setData({ assignOpen: true, deadlines, assigneeId: '' })
      this.setDeadline(deadlines[1].value)
      await this.loadOfficers(false)
    },
    async loadOfficers(wholeStation) {
      const village = this.data.p && this.data.p.villageId
      const query = { role: OFFICER_ROLES, limit: 100, area_id: wholeStation ? '' : village }
      try {
        const page = await api.get('/api/v1/staff', query)
        const officers = page.items.map(officer).sort((a, b) => a.rank - b.rank)
        this.setData({ officers, wholeStation: wholeStation || !village })
      } catch (err) {
        // shown by api
      }
    },
    showWholeStation() {
      return this.loadOfficers(true)
    },
    pickOfficer(e) {
      this.setData({ assigneeId: e.currentTarget.dataset.id })
    },
    setDeadline(day) {
      this.setData({ deadline: day, deadlineName: dates.dayName(day) })
    },
    pickDeadline(e) {
      this.setDeadline(e.currentTarget.dataset.value)
    },
    onDeadlineDate(e) {
      this.setDeadline(e.detail.value)
    },
    onAssignNote(e) {
      this.setData({ assignNote: e.detail.value })
    },
    assign() {
      if (!this.data.assigneeId) return api.toast('请选择交给哪位民警')
      if (!this.data.deadline) return api.toast('请选择答复期限')
      const data = { assignee_id: this.data.assigneeId, deadline_at: dates.endOf(this.data.deadline) }
      if (this.data.assignNote.trim()) data.note = this.data.assignNote.trim()
      const path = `/api/v1/petitions/${this.data.id}/assign`
      return this.change('assign', path, data, { assignOpen: false, assignNote: '' })
    },
  },
})
