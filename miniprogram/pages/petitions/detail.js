// One letter to the chief with every message. The chief's first look marks it read (server side);
// the chief hands it to an officer with a deadline (assign.js), the chief or that officer replies,
// the sender follows up or rates, the chief closes.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const dates = require('../../utils/dates.js')
const pageBehavior = require('../../behaviors/page.js')
const assignBehavior = require('./assign.js')

const AUTHORS = { sender: '来信人', chief: '所长', officer: '承办民警' }

function view(p) {
  return {
    subject: p.subject,
    statusName: p.status_name || format.label(format.PETITION_STATUSES, p.status),
    sender: p.sender ? p.sender.name : '',
    village: p.village ? p.village.name : '',
    villageId: p.village ? p.village.id : '',
    assignee: p.assignee ? p.assignee.name : '',
    deadline: p.deadline_at ? format.when(p.deadline_at) : '',
    overdue: !!p.overdue,
    read: !!p.read_by_chief_at,
    rating: p.rating,
    canReply: p.can_reply,
    canAssign: p.can_assign,
    canClose: p.can_close,
    canRate: p.can_rate,
    messages: p.messages.map((m) => ({
      id: m.id,
      who: `${AUTHORS[m.author_role] || ''} ${m.author_name}`.trim(),
      fromSender: m.author_role === 'sender',
      text: m.text || '（语音或照片）',
      when: format.when(m.created_at),
    })),
  }
}

Component({
  behaviors: [pageBehavior, assignBehavior],
  data: { id: '', p: null, reply: '', busy: false, today: '' },
  methods: {
    async onLoad(options = {}) {
      this.setData({ id: options.id, today: dates.chinaDay(Date.now()) })
      try {
        this.setData({ p: view(await api.get(`/api/v1/petitions/${options.id}`)) })
      } catch (err) {
        // shown by api
      }
    },
    onReply(e) {
      this.setData({ reply: e.detail.value })
    },
    // Every change here carries an Idempotency-Key kept until the server answers.
    async change(step, path, data, done) {
      const p = await action.send(this, `petition-${step}`, { path, data })
      if (p) this.setData(Object.assign({ p: view(p) }, done || {}))
    },
    sendReply() {
      const text = this.data.reply.trim()
      if (!text) return api.toast('请写回复内容')
      return this.change('reply', `/api/v1/petitions/${this.data.id}/messages`, { text, media_ids: [] }, { reply: '' })
    },
    closePetition() {
      wx.showModal({
        title: '办结',
        content: '确定办结这封来信吗？来信人会收到通知。',
        success: (r) => {
          if (r.confirm) this.change('close', `/api/v1/petitions/${this.data.id}/close`, { note: '已答复，办结' })
        },
      })
    },
    rate(e) {
      return this.change('rate', `/api/v1/petitions/${this.data.id}/rate`, {
        rating: Number(e.currentTarget.dataset.stars),
      })
    },
  },
})
