// One case and its timeline. What I can do depends on who I am to it: the 联户长 it was pushed to
// accepts, arrives and feeds back (photo, voice, text); staff resolve and close; the reporter
// rates the handling once it is resolved; an officer decides on content WeChat's check flagged
// (通过 / 不予公开, one item at a time).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const review = require('../../utils/review.js')
const pageBehavior = require('../../behaviors/page.js')
const captureBehavior = require('../../behaviors/capture.js')

function timelineOf(c) {
  return c.timeline.map((e) => ({
    seq: e.seq,
    what: e.type_name || format.action(e.type),
    who: e.actor_hidden ? '' : (e.actor && e.actor.name) || (e.actor_kind === 'system' ? '系统' : ''),
    text:
      e.type === 'content_reviewed'
        ? review.decisionText(e.payload)
        : (e.payload && (e.payload.text || e.payload.reason)) || '',
    when: format.when(e.created_at),
  }))
}

function mediaOf(c) {
  const media = c.media || []
  return {
    images: media.filter((m) => m.kind === 'image' && m.url).map((m) => ({ id: m.id, url: m.url })),
    sounds: media
      .filter((m) => m.kind === 'voice' && m.url)
      .map((m) => ({ id: m.id, url: m.url, seconds: Math.round((m.duration_ms || 0) / 1000) })),
    // Past the station's retention period: the file is gone, the record says so.
    purged: media.filter((m) => m.check_status === 'purged').length,
  }
}

function actionsFor(c, me) {
  const mine = c.assignee && me && c.assignee.id === me.id
  const reporter = c.reporter && me && c.reporter.id === me.id
  const open = c.status !== 'resolved' && c.status !== 'closed'
  return {
    canAccept: !!mine && c.status === 'assigned',
    canArrive: !!mine && c.status === 'accepted',
    canFeedback: !!mine && c.kind !== 'consult' && (c.status === 'accepted' || c.status === 'on_site'),
    canAnswer: !!mine && c.kind === 'consult' && open,
    canResolve: open && (!!mine || !!(me && me.is_staff)) && c.status !== 'assigned' && c.status !== 'new',
    canClose: !!(me && me.is_staff) && c.status === 'resolved',
    canEscalate: !!mine && open,
    canRate: !!reporter && c.status === 'resolved' && !c.rating,
  }
}

function confirm({ title, content, confirmText }) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      cancelText: '再想想',
      success: (r) => resolve(!!r.confirm),
      fail: () => resolve(false),
    })
  })
}

Component({
  behaviors: [pageBehavior, captureBehavior],
  data: {
    id: '',
    c: null,
    timeline: [],
    images: [],
    sounds: [],
    purged: 0,
    actions: {},
    feedbackOpen: false,
    formAction: 'feedback',
    note: '',
    busy: false,
    reviewer: false,
    reviewItems: [],
  },
  methods: {
    async onLoad(options = {}) {
      this.setData({ id: options.id })
      await this.refresh()
    },
    async refresh() {
      try {
        const c = await api.get(`/api/v1/cases/${this.data.id}`)
        await this.knowReviewer()
        this.show(c)
      } catch (err) {
        // shown by api
      }
    },
    // Only staff can be reviewers: villagers are not asked for their roles.
    async knowReviewer() {
      if (this.reviewerKnown) return
      const person = api.person()
      if (!person || !person.is_staff) return
      try {
        const me = await api.get('/api/v1/me', null, { quiet: true })
        this.reviewerKnown = true
        this.setData({ reviewer: review.isReviewer(me.roles) })
      } catch (err) {
        // no review buttons this time
      }
    },
    show(c) {
      this.setData(
        Object.assign(
          {
            c: {
              number: c.number,
              kind: c.kind_name || format.caseKind(c.kind),
              status: c.status,
              statusName: c.status_name || format.caseStatus(c.status),
              text: c.text,
              address: (c.location && c.location.address) || c.area_name || '',
              assignee: c.assignee ? c.assignee.name : '',
              reporter: c.reporter_hidden ? '（举报人已保密）' : (c.reporter && c.reporter.name) || '',
              escalated: c.escalation_level > 0,
              rating: c.rating,
              reviewName: review.statusName(c.review_status),
              when: format.when(c.created_at),
            },
            timeline: timelineOf(c),
            actions: actionsFor(c, api.person()),
          },
          this.data.reviewer && c.timeline ? { reviewItems: review.openItems(c) } : {},
          // An action's answer carries no media links (they are signed per reading): keep the
          // photos and voice already on the page instead of blanking them.
          c.media ? mediaOf(c) : {}
        )
      )
    },
    async act(step, body) {
      if (this.data.busy) return false
      this.setData({ busy: true })
      try {
        this.show(await api.post(`/api/v1/cases/${this.data.id}/${step}`, body))
        this.setData({ busy: false })
        return true
      } catch (err) {
        this.setData({ busy: false })
        return false
      }
    },
    accept() {
      return this.act('accept', { text: '' })
    },
    arrive() {
      return this.act('arrive', { text: '' })
    },
    resolve() {
      return this.act('resolve', { text: '' })
    },
    close() {
      return this.act('close', { text: '' })
    },
    // 联户长 → 村警 → 民警 → 所长: pass it up with a reason.
    escalate() {
      wx.showModal({
        title: '上报民警',
        editable: true,
        placeholderText: '为什么需要民警处理？',
        content: '',
        confirmText: '上报',
        success: (r) => {
          if (r.confirm) this.act('escalate', { reason: (r.content || '').trim() || '需要民警处理' })
        },
      })
    },
    openFeedback() {
      this.setData({ feedbackOpen: true, formAction: 'feedback' })
    },
    // A consultation (咨询) is answered in words, voice or photos; that stops its 24-hour clock.
    openAnswer() {
      this.setData({ feedbackOpen: true, formAction: 'answer' })
    },
    onNote(e) {
      this.setData({ note: e.detail.value })
    },
    async sendFeedback() {
      const body = { text: this.data.note.trim(), media_ids: this.mediaIds() }
      if (!body.text && !body.media_ids.length) return api.toast('请说一段话、拍张照片或写几个字')
      if (this.data.uploading) return api.toast('照片或语音还在上传，请稍等')
      const step = this.data.formAction
      if (await this.act(step, body)) {
        this.clearMedia()
        this.setData({ feedbackOpen: false, note: '' })
        api.toast(step === 'answer' ? '已答复' : '已反馈')
      }
      return null
    },
    rate(e) {
      return this.act('rate', { rating: Number(e.currentTarget.dataset.stars), text: '' })
    },
    onReviewNote(e) {
      this.setData({ [`reviewItems[${e.currentTarget.dataset.index}].note`]: e.detail.value })
    },
    reviewPass(e) {
      return this.decide(e.currentTarget.dataset.index, 'pass')
    },
    reviewUphold(e) {
      return this.decide(e.currentTarget.dataset.index, 'uphold')
    },
    // Confirm in plain words, then send the decision once (same Idempotency-Key on a retry).
    async decide(index, decision) {
      const item = this.data.reviewItems[Number(index)]
      if (!item || this.data.busy) return null
      if (!(await confirm(review.confirmation(item, decision)))) return null
      const data = { decision, note: (item.note || '').trim() }
      if (item.mediaId) data.media_id = item.mediaId
      const decided = await action.send(this, `review-${item.key}:${decision}`, { path: `/api/v1/cases/${this.data.id}/review`, data }, {
        // Already decided by someone else (409): show what is true now.
        failed: (err) => (err.status === 409 ? this.refresh() : null),
      })
      if (!decided) return null
      api.toast(decision === 'pass' ? '已通过' : '已设为不予公开')
      await this.refresh()
      return null
    },
    preview(e) {
      wx.previewImage({ urls: this.data.images.map((i) => i.url), current: e.currentTarget.dataset.url })
    },
    playSound(e) {
      const audio = wx.createInnerAudioContext()
      audio.src = e.currentTarget.dataset.url
      audio.play()
    },
  },
})
