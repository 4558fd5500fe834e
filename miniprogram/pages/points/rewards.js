// 兑换: the station's catalogue with photos and points, what I can spend (my own points, or — for a
// household head — the family's pooled points), redeeming after a confirmation that names the
// goods and the points, and 我的兑换码: each waiting redemption's code in large digits and as a QR
// to show at the 警务室, with 取消兑换 (the points and the goods go back).
const api = require('../../utils/api.js')
const action = require('../../utils/action.js')
const points = require('../../utils/points.js')
const pageBehavior = require('../../behaviors/page.js')

function rewardOf(r, spendable) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    points: r.points,
    stock: r.stock,
    photo: r.photo && r.photo.url ? r.photo.url : '',
    initial: r.name.slice(0, 1),
    enough: spendable >= r.points,
  }
}

Component({
  behaviors: [pageBehavior],
  data: {
    loaded: false,
    station: '',
    available: null,
    pool: 'mine',
    spendable: 0,
    rewards: [],
    codes: [],
    history: [],
    busy: false,
    just: '',
  },
  methods: {
    async onLoad() {
      await this.refresh()
    },
    onShow() {
      if (this.data.loaded) this.refresh()
    },
    async refresh() {
      await Promise.all([this.loadCatalogue(), this.loadMine()])
    },
    async loadCatalogue() {
      try {
        const page = await api.get('/api/v1/rewards', { limit: 50 })
        const a = page.available
        // household is null unless I head a household: only the head spends the family's points.
        const available = a ? { mine: a.mine, household: a.household, head: a.household !== null } : null
        const pool = available && available.head ? this.data.pool : 'mine'
        this.items = page.items
        this.setData({ loaded: true, station: page.station.name, available, pool })
        this.showRewards()
      } catch (err) {
        this.setData({ loaded: true })
      }
    },
    showRewards() {
      const a = this.data.available
      const spendable = !a ? 0 : this.data.pool === 'household' ? a.household : a.mine
      this.setData({ spendable, rewards: (this.items || []).map((r) => rewardOf(r, spendable)) })
    },
    pickPool(e) {
      this.setData({ pool: e.currentTarget.dataset.value })
      this.showRewards()
    },
    async loadMine() {
      try {
        const page = await api.get('/api/v1/redemptions', { scope: 'mine', limit: 20 })
        const all = page.items.map(points.redemptionOf)
        this.setData({ codes: all.filter((r) => r.held), history: all.filter((r) => !r.held) })
        await this.loadQrs()
      } catch (err) {
        // shown by api
      }
    },
    // The QR is the owner's only (the server checks the token): fetched like the app's other
    // images that need a login, to a local file the <image> shows.
    async loadQrs() {
      const codes = this.data.codes
      const files = await Promise.all(codes.map((c) => points.localImage(c.qrPath)))
      this.setData({ codes: codes.map((c, i) => Object.assign({}, c, { qr: files[i] })) })
    },
    async redeem(e) {
      const reward = this.data.rewards.find((r) => r.id === e.currentTarget.dataset.id)
      if (!reward || this.data.busy) return null
      if (!reward.stock) return api.toast('这件已经兑换完了')
      if (!reward.enough) return api.toast(`积分不够：要 ${reward.points} 分，可用 ${this.data.spendable} 分`)
      const whose = this.data.pool === 'household' ? '全家的积分' : '我的积分'
      const ok = await points.ask({
        title: '确认兑换',
        content: `用${whose} ${reward.points} 分兑换「${reward.name}」？兑换后到警务室出示兑换码领取。`,
        confirmText: '兑换',
      })
      if (!ok) return null
      const data = { reward_id: reward.id, pool: this.data.pool }
      const made = await action.send(this, `redeem-${reward.id}`, { path: '/api/v1/redemptions', data }, {
        failed: () => this.loadCatalogue(),
      })
      if (!made) return null
      this.setData({ just: made.id })
      api.toast('兑换成功')
      await this.refresh()
      return null
    },
    async cancel(e) {
      const code = this.data.codes.find((c) => c.id === e.currentTarget.dataset.id)
      if (!code || this.data.busy) return null
      const ok = await points.ask({
        title: '取消兑换',
        content: `取消「${code.reward}」的兑换？${code.points} 分会退回。`,
        confirmText: '取消兑换',
      })
      if (!ok) return null
      const done = await action.send(this, `cancel-${code.id}`, { path: `/api/v1/redemptions/${code.id}/cancel`, data: {} }, {
        failed: () => this.loadMine(),
      })
      if (!done) return null
      api.toast('已取消，积分已退回')
      await this.refresh()
      return null
    },
    preview(e) {
      wx.previewImage({ urls: [e.currentTarget.dataset.url], current: e.currentTarget.dataset.url })
    },
  },
})
