// One 社情民意 item (the urgent-notice link opens it): what was said, its voice and photos, where,
// what it is linked to, the trail; a handler notes how it was dealt with (处理, once).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const format = require('../../utils/format.js')
const gov = require('../../utils/governance.js')
const pageBehavior = require('../../behaviors/page.js')

function view(s) {
  return {
    category: s.category_name,
    urgent: s.urgency === 'urgent',
    urgency: s.urgency_name,
    status: s.status,
    statusName: s.status_name,
    topics: s.topics.join('、'),
    text: s.text,
    where: s.household ? s.household.address : s.area.name,
    recorder: s.recorder.name,
    when: format.when(s.created_at),
    handled: s.handled_note ? { note: s.handled_note, by: s.handled_by ? s.handled_by.name : '', when: format.when(s.handled_at) } : null,
    linked: s.linked.map((l) => ({ id: l.id, line: `${l.direction === 'from' ? '来自' : '后续'}：${l.label}` })),
    canHandle: s.can_handle,
  }
}

Component({
  behaviors: [pageBehavior],
  data: { id: '', s: null, images: [], sounds: [], trail: [], note: '', busy: false },
  methods: {
    async onLoad(options = {}) {
      this.setData({ id: options.id })
      try {
        this.show(await api.get(`/api/v1/sentiments/${options.id}`))
      } catch (err) {
        // shown by api
      }
    },
    show(s) {
      this.setData(Object.assign({ s: view(s), trail: gov.trailOf(s.events) }, gov.mediaOf(s)))
    },
    playSound(e) {
      const audio = wx.createInnerAudioContext()
      audio.src = e.currentTarget.dataset.url
      audio.play()
    },
    preview(e) {
      wx.previewImage({ urls: this.data.images.map((i) => i.url), current: e.currentTarget.dataset.url })
    },
    onNote(e) {
      this.setData({ note: e.detail.value })
    },
    async handle() {
      const note = this.data.note.trim()
      if (!note) return api.toast('请写明怎么处理的')
      const s = await action.send(this, 'sentiment-handle', { path: `/api/v1/sentiments/${this.data.id}/handle`, data: { note } })
      if (s) this.show(s)
      return null
    },
  },
})
