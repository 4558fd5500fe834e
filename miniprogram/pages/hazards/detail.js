// One hazard: what it is, photos and voice, who must act and by when, those owed a phone call,
// the trail — and the steps the server says I may take (its can_* flags): 告知整改 (the
// responsible from the village's roster or a name and phone, a deadline, the grade confirmed),
// 整改上报 (photos and words), 验收通过 / 不通过, 销号 (with evidence), 撤销, 调整等级. Every step
// goes through the outbox with its own Idempotency-Key, and the page shows the server's answer.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const GRADES = [
  { value: 'general', name: '一般' },
  { value: 'major', name: '较大' },
  { value: 'severe', name: '重大' },
]
const DISMISS = [
  { value: 'false_report', name: '误报' },
  { value: 'duplicate', name: '重复登记' },
  { value: 'gone', name: '隐患已不存在' },
]

const STAGES = { reported: '发现时', rectified: '整改后', closed: '销号佐证' }

function responsibleOf(r) {
  if (!r) return null
  return { name: r.name, title: r.title || '', phone: r.phone || '', wechat: r.has_wechat }
}

function view(h) {
  const handler = h.can_notify || h.can_accept || h.can_close || h.can_dismiss || h.can_regrade
  return {
    id: h.id,
    number: h.number,
    title: h.title,
    kind: h.kind_name,
    grade: h.grade,
    gradeName: h.grade_name,
    status: h.status,
    statusName: h.status_name,
    village: h.village ? h.village.name : '',
    villageId: h.village ? h.village.id : h.area_id,
    where: h.where,
    place: h.place || '',
    description: h.description,
    reporter: h.reporter.name,
    when: format.when(h.created_at),
    responsible: responsibleOf(h.responsible),
    deadline: h.deadline_at ? dates.dayName(gov.dateOf(h.deadline_at)) : '',
    overdue: !!h.overdue,
    escalation: h.escalation_level,
    dismissed: h.dismissed_reason || '',
    open: h.status !== 'closed',
    links: h.links.map((l) => ({ id: l.id, line: `${l.direction === 'from' ? '来自' : '后续'}：${l.label}` })),
    notices: h.phone_notices
      .filter((n) => n.status === 'pending')
      .map((n) => ({ id: n.id, name: n.name, phone: n.phone || '', text: n.text })),
    intact: h.trail_intact,
    handler,
    can: {
      notify: h.can_notify,
      rectify: h.can_report_rectified,
      accept: h.can_accept,
      close: h.can_close,
      dismiss: h.can_dismiss,
      regrade: h.can_regrade && !h.can_notify,
    },
  }
}

function member(m) {
  return { id: m.id, name: m.name, label: m.label, duty: m.duty_area, phone: m.phone || '', wechat: m.on_wechat }
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    id: '',
    h: null,
    images: [],
    sounds: [],
    trail: [],
    form: '',
    busy: false,
    today: '',
    grades: GRADES,
    dismissReasons: DISMISS,
    // 告知整改
    members: [],
    memberId: '',
    byContact: false,
    contactName: '',
    contactPhone: '',
    deadlines: [],
    deadline: '',
    deadlineName: '',
    newGrade: '',
    note: '',
    // 整改上报, 不通过, 销号, 撤销, 调整等级
    words: '',
    dismissReason: '',
  },
  methods: {
    async onLoad(options = {}) {
      this.setData({ id: options.id, today: dates.chinaDay(Date.now()) })
      await this.refresh()
    },
    async refresh() {
      try {
        this.show(await api.get(`/api/v1/hazards/${this.data.id}`))
      } catch (err) {
        // shown by api
      }
    },
    show(h) {
      const media = gov.mediaOf(h)
      media.images.forEach((i) => (i.caption = STAGES[i.stage] || ''))
      this.setData(Object.assign({ h: view(h), trail: gov.trailOf(h.trail) }, media))
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
      const deadlines = gov.deadlineChoices()
      this.clearMedia()
      this.setData({ form, words: '', note: '', dismissReason: '', deadlines, newGrade: this.data.h.grade })
      this.setDeadline(deadlines[1].value)
      if (form === 'notify') return this.loadRoster()
      return null
    },
    closeForm() {
      this.setData({ form: '' })
    },
    async loadRoster() {
      try {
        const r = await api.get(`/api/v1/areas/${this.data.h.villageId}/roster`)
        this.setData({ members: r.vertical.concat(r.horizontal).map(member), memberId: '', byContact: false })
      } catch (err) {
        this.setData({ members: [], byContact: true })
      }
    },
    pickMember(e) {
      this.setData({ memberId: e.currentTarget.dataset.id, byContact: false })
    },
    useContact() {
      this.setData({ byContact: true, memberId: '' })
    },
    useRoster() {
      this.setData({ byContact: false })
    },
    onContactName(e) {
      this.setData({ contactName: e.detail.value })
    },
    onContactPhone(e) {
      this.setData({ contactPhone: e.detail.value })
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
    pickGrade(e) {
      this.setData({ newGrade: e.currentTarget.dataset.value })
    },
    pickDismiss(e) {
      this.setData({ dismissReason: e.currentTarget.dataset.value })
    },
    onNote(e) {
      this.setData({ note: e.detail.value })
    },
    onWords(e) {
      this.setData({ words: e.detail.value })
    },
    // -- steps --------------------------------------------------------------------------------
    async step(name, data) {
      const path = `/api/v1/hazards/${this.data.id}/${name}`
      const h = await action.send(this, `hazard-${name}`, { path, data })
      if (!h) return false
      this.clearMedia()
      this.setData({ form: '' })
      this.show(h)
      return true
    },
    notify() {
      const data = { deadline_at: dates.endOf(this.data.deadline) }
      if (this.data.byContact) {
        if (!this.data.contactName.trim() || !this.data.contactPhone.trim()) return api.toast('请填写责任人的姓名和电话')
        data.responsible_name = this.data.contactName.trim()
        data.responsible_phone = this.data.contactPhone.trim()
      } else {
        if (!this.data.memberId) return api.toast('请选择谁来整改')
        data.responsible_member_id = this.data.memberId
      }
      if (this.data.newGrade !== this.data.h.grade) data.grade = this.data.newGrade
      if (this.data.note.trim()) data.note = this.data.note.trim()
      return this.step('notify', data)
    },
    reportRectified() {
      if (this.data.uploading) return api.toast('照片还在上传，请稍等')
      const data = { text: this.data.words.trim(), media_ids: this.mediaIds() }
      if (!data.text && !data.media_ids.length) return api.toast('请拍一张整改后的照片，或写明整改情况')
      return this.step('report-rectified', data)
    },
    accept() {
      return this.step('accept', this.data.note.trim() ? { note: this.data.note.trim() } : {})
    },
    reject() {
      if (!this.data.words.trim()) return api.toast('请写明哪里还没整改好')
      return this.step('reject', { reason: this.data.words.trim(), deadline_at: dates.endOf(this.data.deadline) })
    },
    close() {
      if (this.data.uploading) return api.toast('照片还在上传，请稍等')
      if (!this.data.words.trim()) return api.toast('请写明销号说明')
      return this.step('close', { note: this.data.words.trim(), media_ids: this.mediaIds() })
    },
    dismiss() {
      if (!this.data.dismissReason) return api.toast('请选择撤销的原因')
      const data = { dismissed: true, reason: this.data.dismissReason }
      if (this.data.words.trim()) data.note = this.data.words.trim()
      return this.step('close', data)
    },
    regrade() {
      if (this.data.newGrade === this.data.h.grade) return api.toast('请选择新的等级')
      if (!this.data.words.trim()) return api.toast('请写明调整等级的理由')
      return this.step('regrade', { grade: this.data.newGrade, reason: this.data.words.trim() })
    },
    // -- phones -----------------------------------------------------------------------------
    callResponsible() {
      const r = this.data.h.responsible
      return gov.call(`${r.title || '责任人'}${r.name}`, `/api/v1/hazards/${this.data.id}/responsible-phone`)
    },
    callMember(e) {
      const m = this.data.members.find((x) => x.id === e.currentTarget.dataset.id)
      return gov.call(`${m.label}${m.name}`, `/api/v1/roster-members/${m.id}/phone`)
    },
    callNotice(e) {
      const n = this.data.h.notices.find((x) => x.id === e.currentTarget.dataset.id)
      return gov.call(n.name, `/api/v1/phone-notices/${n.id}/phone`)
    },
    async noticeDone(e) {
      const id = e.currentTarget.dataset.id
      const done = await action.send(this, `notice-${id}`, { path: `/api/v1/phone-notices/${id}/done`, data: {} })
      if (done) await this.refresh()
    },
  },
})
