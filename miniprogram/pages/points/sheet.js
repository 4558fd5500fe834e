// One 考评表: the 村警's month — base score, each item with its points and the records behind it,
// the total — its status, and what the reader may do, as the server says on the sheet
// (can_confirm, may_appeal, can_decide): the chief confirms a draft once its month is over (the
// 村警 is told and may appeal within 3 working days); the 村警 appeals once with a reason while the
// window is open; the chief decides the appeal (upheld with the score after, or dismissed),
// with words the 村警 reads. Every step through the outbox once; refusals in the server's words.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const dates = require('../../utils/dates.js')
const format = require('../../utils/format.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

// The window ends at 24:00 China time of its last day: "12月8日 24:00".
function deadlineName(iso) {
  if (!iso) return ''
  return `${dates.dayName(dates.chinaDay(new Date(iso).getTime() - 1000))} 24:00`
}

function itemOf(i) {
  return {
    key: i.item,
    name: i.name,
    count: i.count,
    points: points.signed(i.points),
    plus: i.points > 0,
    minus: i.points < 0,
    note: i.note || '',
    records: i.records.map((r) => ({ key: `${r.type}-${r.id}`, label: r.label })),
  }
}

function shown(i) {
  return i.count > 0 || i.points !== 0 || !!i.note
}

function appealOf(a) {
  if (!a) return null
  const outcome = a.status === 'pending' ? '等待所长裁决' : a.upheld ? `申诉成立，总分改为 ${points.score(a.score_after)} 分` : '申诉不成立，维持原分'
  return {
    reason: a.reason,
    pending: a.status === 'pending',
    upheld: !!a.upheld,
    outcome,
    decision: a.decision || '',
    filed: format.when(a.filed_at),
    decided: a.decided_at ? `${a.decided_by ? a.decided_by.name : ''} ${format.when(a.decided_at)}` : '',
  }
}

// A draft nobody may confirm yet: why, in a line ('' otherwise).
function waitingLine(s, nowMs) {
  if (s.status !== 'draft' || s.can_confirm) return ''
  const thisMonth = dates.chinaDay(nowMs).slice(0, 7)
  return s.month >= thisMonth ? '本月结束后由所长确认' : '等待所长确认'
}

function sheetOf(s, nowMs) {
  return {
    id: s.id,
    month: `${s.month.slice(0, 4)}年${Number(s.month.slice(5))}月`,
    name: s.person.name,
    village: s.village ? s.village.name : '',
    base: points.score(s.base_score),
    score: points.score(s.score),
    status: s.status,
    statusName: s.status_name,
    deadline: s.status === 'confirmed' || s.status === 'appealed' ? deadlineName(s.appeal_deadline) : '',
    mayAppeal: !!s.may_appeal,
    canConfirm: !!s.can_confirm,
    canDecide: !!s.can_decide,
    waiting: waitingLine(s, nowMs),
    computed: format.when(s.computed_at),
    // Items with records (or a word to say) as cards; the rest named on one line.
    items: s.items.filter(shown).map(itemOf),
    nothing: s.items.filter((i) => !shown(i)).map((i) => i.name).join('、'),
    appeal: appealOf(s.appeal),
  }
}

Component({
  behaviors: [pageBehavior],
  data: { id: '', s: null, busy: false, decision: '', scoreAfter: '' },
  methods: {
    async onLoad(options = {}) {
      this.setData({ id: options.id })
      await this.load()
    },
    async load() {
      try {
        this.show(await api.get(`/api/v1/evaluations/${this.data.id}`))
      } catch (err) {
        // shown by api
      }
    },
    show(s) {
      this.setData({ s: sheetOf(s, Date.now()) })
    },
    // A step that may already have been taken by someone else (409): read the sheet again.
    async step(key, path, data, done) {
      const answer = await action.send(this, key, { path, data }, { failed: (err) => (err.status === 409 ? this.load() : null) })
      if (!answer) return null
      this.show(answer)
      api.toast(done)
      return answer
    },
    async confirmSheet() {
      const s = this.data.s
      const ok = await points.ask({
        title: '确认考评表',
        content: `确认${s.name}${s.month}的考评：${s.score} 分？确认后会通知本人，3 个工作日内可以申诉。`,
        confirmText: '确认',
      })
      if (!ok) return null
      return this.step(`confirm-${s.id}`, `/api/v1/evaluations/${s.id}/confirm`, {}, '已确认')
    },
    async appeal() {
      const s = this.data.s
      const reason = await points.askText({ title: '申诉理由（每张只能申诉一次）', placeholder: '哪一项不对、为什么，如：11月值班签到漏记', confirmText: '提交申诉' })
      if (reason === null) return null
      if (!reason) return api.toast('请写明申诉理由')
      return this.step(`appeal-${s.id}`, `/api/v1/evaluations/${s.id}/appeal`, { reason }, '申诉已提交')
    },
    onDecision(e) {
      this.setData({ decision: e.detail.value })
    },
    onScoreAfter(e) {
      this.setData({ scoreAfter: e.detail.value })
    },
    async uphold() {
      const s = this.data.s
      const decision = this.data.decision.trim()
      const after = Number(this.data.scoreAfter)
      if (!decision) return api.toast('请写明裁决意见')
      if (!this.data.scoreAfter || Number.isNaN(after)) return api.toast('请填写调整后的总分')
      const ok = await points.ask({ title: '申诉成立', content: `${s.name}的总分由 ${s.score} 分改为 ${points.score(after)} 分？`, confirmText: '申诉成立' })
      if (!ok) return null
      const done = await this.step(`decide-${s.id}`, `/api/v1/evaluations/${s.id}/decide`, { upheld: true, decision, score_after: after }, '已裁决')
      if (done) this.setData({ decision: '', scoreAfter: '' })
      return null
    },
    async dismiss() {
      const s = this.data.s
      const decision = this.data.decision.trim()
      if (!decision) return api.toast('请写明驳回的理由')
      const ok = await points.ask({ title: '驳回申诉', content: `驳回${s.name}的申诉，维持 ${s.score} 分？`, confirmText: '驳回' })
      if (!ok) return null
      const done = await this.step(`decide-${s.id}`, `/api/v1/evaluations/${s.id}/decide`, { upheld: false, decision }, '已裁决')
      if (done) this.setData({ decision: '', scoreAfter: '' })
      return null
    },
  },
})
