// One dispute: the parties (tap to call, for those the server lets read their phones), who it is
// handed to and by when, the mediation sessions, the agreement and its signed-paper photos, the
// outcome, the 回访, the trail — and the steps the server's can_* flags allow: 交办 (to an officer
// over the village, someone on the village roster such as the mediator, or a unit, with a
// deadline), 记录调解, 调解成功 (the agreement), 调解不成 (referred on), 回访. Each step goes through
// the outbox with its own Idempotency-Key.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const STAGES = { recorded: '登记时', mediation: '调解现场', agreement: '调解协议' }
const UNITS = ['司法所', '镇综治中心', '镇人民调解委员会', '镇政府']
const REFERRALS = ['司法所', '法院', '信访', '其他']

function assigneeOf(a) {
  if (!a) return null
  return { kind: a.kind, name: a.name, title: a.title || '', phone: a.phone || '', wechat: a.has_wechat }
}

function view(d) {
  return {
    id: d.id,
    number: d.number,
    summary: d.summary,
    category: d.category_name,
    status: d.status,
    statusName: d.status_name,
    done: d.status === 'settled' || d.status === 'closed',
    level: d.level_name,
    village: d.village ? d.village.name : '',
    villageId: d.village ? d.village.id : d.area_id,
    address: d.address || '',
    description: d.description,
    reporter: d.reporter.name,
    when: format.when(d.created_at),
    assignee: assigneeOf(d.assignee),
    deadline: d.deadline_at ? dates.dayName(gov.dateOf(d.deadline_at)) : '',
    overdue: !!d.overdue,
    parties: d.parties.map((p) => ({ id: p.id, name: p.name, side: p.side, phone: p.phone || '', home: p.household_address || '' })),
    sessions: d.sessions.map((s) => ({
      id: s.id,
      when: format.when(s.held_at),
      mediators: s.mediators,
      attendees: s.attendees,
      summary: s.summary,
      agreed: s.agreed || '',
      onSite: s.on_site,
    })),
    agreement: d.agreement_text || '',
    failure: d.failure,
    followUpDue: d.follow_up_due_at && !d.followed_up_at ? dates.dayName(gov.dateOf(d.follow_up_due_at)) : '',
    followUp: d.follow_up ? { note: d.follow_up.note, satisfied: d.follow_up.satisfied, by: d.follow_up.by ? d.follow_up.by.name : '', when: format.when(d.follow_up.at) } : null,
    links: d.links.map((l) => ({ id: l.id, line: `${l.direction === 'from' ? '来自' : '后续'}：${l.label}` })),
    notices: d.phone_notices.filter((n) => n.status === 'pending').map((n) => ({ id: n.id, name: n.name, phone: n.phone || '', text: n.text })),
    intact: d.trail_intact,
    phones: d.can_read_phones,
    can: { assign: d.can_assign, mediate: d.can_mediate, settle: d.can_settle, fail: d.can_fail, followUp: d.can_follow_up },
  }
}

// GET /disputes/{id}/assignees: the accounts over the dispute's place, nearest rung first.
function staffRow(s) {
  return { id: s.id, name: s.name, line: `${s.role_name} · 交到${s.level_name}`, officer: s.level === 'station' }
}

function memberRow(m) {
  return { id: m.id, name: m.name, label: m.label, duty: m.duty_area, mediator: m.position === 'mediator' }
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    id: '',
    d: null,
    images: [],
    sounds: [],
    trail: [],
    form: '',
    busy: false,
    today: '',
    // 交办
    to: 'officer',
    staff: [],
    members: [],
    units: UNITS,
    pick: '',
    unit: '',
    deadlines: [],
    deadline: '',
    deadlineName: '',
    note: '',
    // 调解, 协议, 调解不成, 回访
    mediators: '',
    attendees: '',
    words: '',
    agreed: '',
    onSite: false,
    referrals: REFERRALS,
    referredTo: '',
    advice: '',
    satisfied: true,
  },
  methods: {
    async onLoad(options = {}) {
      this.setData({ id: options.id, today: dates.chinaDay(Date.now()) })
      await this.refresh()
    },
    async refresh() {
      try {
        this.show(await api.get(`/api/v1/disputes/${this.data.id}`))
      } catch (err) {
        // shown by api
      }
    },
    show(d) {
      const media = gov.mediaOf(d)
      media.images.forEach((i) => (i.caption = STAGES[i.stage] || ''))
      this.setData(Object.assign({ d: view(d), trail: gov.trailOf(d.trail) }, media))
    },
    preview(e) {
      wx.previewImage({ urls: this.data.images.map((i) => i.url), current: e.currentTarget.dataset.url })
    },
    playSound(e) {
      const audio = wx.createInnerAudioContext()
      audio.src = e.currentTarget.dataset.url
      audio.play()
    },
    // -- forms ------------------------------------------------------------------------------
    openForm(e) {
      const form = e.currentTarget.dataset.form
      const me = api.person()
      this.clearMedia()
      this.setData({
        form,
        words: '',
        note: '',
        agreed: '',
        advice: '',
        referredTo: '',
        onSite: false,
        satisfied: true,
        mediators: me ? me.name : '',
        attendees: this.data.d.parties.map((p) => p.name).join('、'),
      })
      if (form === 'assign') return this.openAssign()
      return null
    },
    closeForm() {
      this.setData({ form: '' })
    },
    async openAssign() {
      const deadlines = gov.deadlineChoices(Date.now(), [0, 3, 7])
      this.setData({ deadlines, pick: '', unit: '' })
      this.setDeadline(deadlines[1].value)
      // The accounts I may hand it to (a 联户长: only those above the micro-grid), and the
      // village's roster (its mediator first).
      const [staff, members] = await Promise.all([this.loadStaff(), this.loadMembers()])
      this.setData({ staff, members, to: staff.length ? 'officer' : 'member' })
    },
    async loadStaff() {
      try {
        const people = await api.get(`/api/v1/disputes/${this.data.id}/assignees`)
        return people.map(staffRow).sort((a, b) => Number(b.officer) - Number(a.officer))
      } catch (err) {
        return []
      }
    },
    async loadMembers() {
      try {
        const r = await api.get(`/api/v1/areas/${this.data.d.villageId}/roster`)
        return r.vertical
          .concat(r.horizontal)
          .map(memberRow)
          .sort((a, b) => Number(b.mediator) - Number(a.mediator))
      } catch (err) {
        return []
      }
    },
    pickTo(e) {
      this.setData({ to: e.currentTarget.dataset.to, pick: '', unit: '' })
    },
    pickOne(e) {
      this.setData({ pick: e.currentTarget.dataset.id })
    },
    pickUnit(e) {
      this.setData({ unit: e.currentTarget.dataset.unit })
    },
    onUnit(e) {
      this.setData({ unit: e.detail.value })
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
    onField(e) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value })
    },
    toggleOnSite() {
      this.setData({ onSite: !this.data.onSite })
    },
    pickReferral(e) {
      this.setData({ referredTo: e.currentTarget.dataset.value })
    },
    setSatisfied(e) {
      this.setData({ satisfied: e.currentTarget.dataset.value === 'yes' })
    },
    // -- steps --------------------------------------------------------------------------------
    async step(name, data) {
      const path = `/api/v1/disputes/${this.data.id}/${name}`
      const d = await action.send(this, `dispute-${name}`, { path, data })
      if (!d) return false
      this.clearMedia()
      this.setData({ form: '' })
      this.show(d)
      return true
    },
    assign() {
      const data = { deadline_at: dates.endOf(this.data.deadline) }
      if (this.data.to === 'unit') {
        if (!this.data.unit.trim()) return api.toast('请选择或填写交给哪个单位')
        data.assignee_unit = this.data.unit.trim()
      } else {
        if (!this.data.pick) return api.toast('请选择交给谁')
        data[this.data.to === 'officer' ? 'assignee_id' : 'assignee_member_id'] = this.data.pick
      }
      if (this.data.note.trim()) data.note = this.data.note.trim()
      return this.step('assign', data)
    },
    mediate() {
      if (this.data.uploading) return api.toast('照片还在上传，请稍等')
      if (!this.data.mediators.trim()) return api.toast('请写明谁主持调解')
      if (!this.data.words.trim()) return api.toast('请写明调解经过')
      const data = {
        // a moment ago: the server refuses a session in the future
        held_at: new Date(Date.now() - 1000).toISOString(),
        mediators: this.data.mediators.trim(),
        attendees: this.data.attendees.trim(),
        summary: this.data.words.trim(),
        media_ids: this.mediaIds(),
        on_site: this.data.onSite,
      }
      if (this.data.agreed.trim()) data.agreed = this.data.agreed.trim()
      return this.step('mediate', data)
    },
    settle() {
      if (this.data.uploading) return api.toast('照片还在上传，请稍等')
      const data = { media_ids: this.mediaIds() }
      if (this.data.words.trim()) data.agreement_text = this.data.words.trim()
      if (!data.agreement_text && !data.media_ids.length) return api.toast('请拍下签字的调解协议书，或写明协议内容')
      return this.step('settle', data)
    },
    fail() {
      if (!this.data.words.trim()) return api.toast('请写明调解不成的原因')
      if (!this.data.referredTo) return api.toast('请选择引导当事人去哪里')
      if (!this.data.advice.trim()) return api.toast('请写明给当事人的建议')
      return this.step('fail', { reason: this.data.words.trim(), referred_to: this.data.referredTo, advice: this.data.advice.trim() })
    },
    followUp() {
      if (!this.data.words.trim()) return api.toast('请写明回访情况')
      return this.step('follow-up', { note: this.data.words.trim(), satisfied: this.data.satisfied })
    },
    // -- phones -----------------------------------------------------------------------------
    callParty(e) {
      const p = this.data.d.parties.find((x) => x.id === e.currentTarget.dataset.id)
      return gov.call(`${p.side}${p.name}`, `/api/v1/disputes/${this.data.id}/parties/${p.id}/phone`)
    },
    callNotice(e) {
      const n = this.data.d.notices.find((x) => x.id === e.currentTarget.dataset.id)
      return gov.call(n.name, `/api/v1/phone-notices/${n.id}/phone`)
    },
    async noticeDone(e) {
      const id = e.currentTarget.dataset.id
      const done = await action.send(this, `notice-${id}`, { path: `/api/v1/phone-notices/${id}/done`, data: {} })
      if (done) await this.refresh()
    },
  },
})
