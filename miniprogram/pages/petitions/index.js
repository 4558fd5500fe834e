// 所长直通车: a villager writes to the chief (voice, photos, words) and follows their letters;
// the chief sees the inbox, unread and overdue letters marked; an officer sees the letters the chief
// handed to them (交办, opened with ?box=assigned), with the deadline.
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const events = require('../../utils/events.js')
const format = require('../../utils/format.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

const OFFICER_ROLES = ['area_officer', 'village_police', 'auxiliary_officer', 'duty_room']

function row(p) {
  return {
    id: p.id,
    subject: p.subject,
    statusName: p.status_name || format.label(format.PETITION_STATUSES, p.status),
    sender: p.sender ? p.sender.name : '',
    village: p.village ? p.village.name : '',
    unread: !p.read_by_chief_at,
    overdue: !!p.overdue,
    closed: p.status === 'closed',
    deadline: p.deadline_at ? format.when(p.deadline_at) : '',
    when: format.when(p.last_activity_at || p.created_at),
  }
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: { isChief: false, isOfficer: false, items: [], loaded: false, writing: false, text: '', sending: false, waiting: false, sent: '' },
  lifetimes: {
    attached() {
      this.unlisten = events.on('submitted', ({ draftId }) => {
        if (draftId === action.draftOf(this, 'petition')) this.sentOk()
      })
    },
    detached() {
      if (this.unlisten) this.unlisten()
    },
  },
  methods: {
    // ?box=assigned (the officer's 交办给我的来信 button) lists the letters handed to me.
    async onLoad(options = {}) {
      try {
        const me = await api.get('/api/v1/me')
        const roles = me.roles.map((r) => r.role)
        const isChief = roles.includes('chief')
        const officer = roles.some((r) => OFFICER_ROLES.includes(r))
        this.setData({ isChief, isOfficer: !isChief && officer && options.box === 'assigned' })
      } catch (err) {
        return
      }
      await this.refresh()
    },
    onShow() {
      if (this.data.loaded) this.refresh()
    },
    async refresh() {
      try {
        const scope = this.data.isChief ? 'inbox' : this.data.isOfficer ? 'assigned' : 'mine'
        const page = await api.get('/api/v1/petitions', { scope, limit: 50 })
        this.setData({ items: page.items.map(row), loaded: true })
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    open(e) {
      wx.navigateTo({ url: `/pages/petitions/detail?id=${e.currentTarget.dataset.id}` })
    },
    write() {
      this.setData({ writing: true, sent: '' })
    },
    onText(e) {
      this.setData({ text: e.detail.value })
    },
    async send() {
      if (this.data.sending) return null
      const data = { text: this.data.text.trim(), media_ids: this.mediaIds() }
      if (!data.text && !data.media_ids.length) return api.toast('请说一段话或写几个字')
      if (this.data.uploading) return api.toast('语音还在上传，请稍等')
      const sent = await action.send(this, 'petition', { path: '/api/v1/petitions', data }, {
        busy: 'sending',
        failed: (err) => this.setData({ waiting: !!err.kept }),
      })
      if (sent) await this.sentOk()
      return null
    },
    async sentOk() {
      action.forget(this, 'petition')
      this.clearMedia()
      this.setData({ sending: false, waiting: false, writing: false, text: '', sent: '您的信已送到所长信箱，所长会尽快答复' })
      await this.refresh()
    },
  },
})
