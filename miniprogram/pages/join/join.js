// Joining a household: from the door-plate code the villager scanned (options.scene, URL-encoded
// by WeChat) or from the code typed in; the 联户长 then approves.
const api = require('../../utils/api.js')
const format = require('../../utils/format.js')
const subscribe = require('../../utils/subscribe.js')
const pageBehavior = require('../../behaviors/page.js')

const RELATIONS = ['户主', '配偶', '子女', '父母', '其他']

function homesOf(me) {
  return me.memberships
    .filter((m) => m.status === 'pending' || m.status === 'active')
    .map((m) => ({
      id: m.id,
      address: m.household.address,
      status: m.status,
      statusName: format.label(format.MEMBERSHIP_STATUSES, m.status),
    }))
}

Component({
  behaviors: [pageBehavior],
  data: {
    scene: '',
    typed: '',
    relations: RELATIONS,
    relation: '',
    homes: [],
    sent: null,
    subscribed: false,
    sending: false,
  },
  methods: {
    async onLoad(options = {}) {
      if (options.scene) this.setData({ scene: decodeURIComponent(options.scene) })
      await this.loadHomes()
    },
    async loadHomes() {
      try {
        const me = await api.get('/api/v1/me')
        this.setData({ homes: homesOf(me) })
      } catch (err) {
        // shown by api
      }
    },
    onType(e) {
      this.setData({ typed: e.detail.value.trim() })
    },
    pickRelation(e) {
      this.setData({ relation: e.currentTarget.dataset.value })
    },
    async send() {
      const scene = this.data.scene || this.data.typed
      if (!scene) return api.toast('请先扫门牌上的二维码，或输入户码')
      if (!this.data.relation) return api.toast('请选择您和户主的关系')
      if (this.data.sending) return null
      this.setData({ sending: true })
      try {
        const m = await api.post('/api/v1/households/bind', { scene, relation: this.data.relation })
        this.setData({
          sent: { status: m.status, statusName: format.label(format.MEMBERSHIP_STATUSES, m.status) },
        })
        await this.loadHomes()
      } catch (err) {
        // the server's reason (code not found, code replaced …) is shown by api
      }
      this.setData({ sending: false })
      return null
    },
    async notifyMe() {
      const ok = await subscribe.ask(['membership'])
      this.setData({ subscribed: ok })
    },
  },
})
