// 兑换核销 at the 警务室 (staff): scan the villager's QR (wx.scanCode) or type the digits they read
// out; the server finds the redemption and marks it handed over, and the page says what to hand
// to whom. A code used before, or a wrong one, shows the server's words (when and by whom).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

Component({
  behaviors: [pageBehavior],
  data: { code: '', busy: false, handed: null, refused: '', today: [] },
  methods: {
    async onLoad() {
      await this.loadToday()
    },
    // What this station handed over lately, to answer "did I already get mine?".
    async loadToday() {
      try {
        const page = await api.get('/api/v1/redemptions', { scope: 'station', status: 'fulfilled', limit: 10 }, { quiet: true })
        this.setData({ today: page.items.map(points.redemptionOf) })
      } catch (err) {
        this.setData({ today: [] })
      }
    },
    onCode(e) {
      this.setData({ code: e.detail.value })
    },
    scan() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: (res) => {
          this.setData({ code: (res.result || '').trim() })
          this.fulfil()
        },
      })
    },
    async fulfil() {
      const code = this.data.code.replace(/[\s\-－—·]/g, '')
      if (!/^\d{10}$/.test(code)) return api.toast('兑换码是 10 位数字，请核对')
      this.setData({ handed: null, refused: '' })
      const done = await action.send(this, `fulfil-${code}`, { path: '/api/v1/redemptions/fulfil', data: { code } }, {
        failed: (err) => this.setData({ refused: err.kept ? '' : err.message }),
      })
      if (!done) return null
      this.setData({ handed: points.redemptionOf(done), code: '' })
      await this.loadToday()
      return null
    },
  },
})
