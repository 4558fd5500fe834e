// What every page shares: the large-text class on its root view and a toggle for it.
const prefs = require('../utils/prefs.js')

module.exports = Behavior({
  data: { big: false },
  lifetimes: {
    attached() {
      this.setData({ big: prefs.largeText() })
    },
  },
  methods: {
    toggleBig() {
      const big = !this.data.big
      prefs.setLargeText(big)
      this.setData({ big })
    },
    go(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url })
    },
  },
})
